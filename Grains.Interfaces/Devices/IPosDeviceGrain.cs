using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Interfaces.Devices;

/// <summary>
/// One POS terminal: its enrollment, signing key and sync cursor. Every charge of the terminal,
/// online or offline, passes through it so that its seqs are decided once. Keyed by deviceId.
/// </summary>
[Alias("FestivalPos.IPosDeviceGrain")]
public interface IPosDeviceGrain : IGrainWithStringKey
{
    /// <summary>Enrolls the device; without <paramref name="offlineMaxPerWallet"/> the configured default applies.</summary>
    [Alias("Enroll")]
    Task<EnrollResult> Enroll(string standId, long? offlineMaxPerWallet);

    /// <summary>Stops the device: its later charges and batches are rejected. False if it is unknown.</summary>
    [Alias("Revoke")]
    Task<bool> Revoke();

    [Alias("GetView")]
    Task<DeviceView?> GetView();

    [Alias("Charge")]
    Task<ChargeResult> Charge(OnlineCharge charge);

    /// <summary>
    /// Applies an offline batch. After an outage every terminal uploads at once and a batch waits behind
    /// the others, so it gets longer than an online charge before its caller gives up (terminals wait 30 s).
    /// </summary>
    [Alias("SyncBatch")]
    [ResponseTimeout("00:00:25")]
    Task<BatchResult> SyncBatch(OfflineTransaction[] transactions);

    /// <summary>Whether <paramref name="held"/> is what this device holds under its seq, so that approving it applies exactly that sale.</summary>
    [Alias("CanApprove")]
    Task<bool> CanApprove(Review.HeldTransaction held);

    /// <summary>
    /// Applies an offline transaction this device held for review, as an organizer approved it: once, whatever
    /// credential check or limit refused it. False when the seq holds another sale or cannot be approved.
    /// </summary>
    [Alias("ApproveHeld")]
    Task<bool> ApproveHeld(Review.HeldTransaction held);
}
