using FestivalPos.Grains.Devices;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>Builders for wallets, devices and charges with fresh ids, so tests never share a grain.</summary>
public static class LedgerTestData
{
    public const string CreatedAt = "2026-07-18T21:04:05Z";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a wallet with a linked wristband and, if asked, a top-up; answers (walletId, uid).</summary>
    public static async Task<(string WalletId, string Uid)> NewWalletAsync(this IGrainFactory grains, long balance = 0)
    {
        var walletId = NewId("w");
        var uid = NewId("uid");
        var wallet = grains.GetGrain<IWalletGrain>(walletId);
        (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
        (await wallet.LinkWristband(uid)).Should().Be(WalletCommandOutcome.Done);
        if (balance > 0)
        {
            var topUp = await grains.TopUpAsync(walletId, balance);
            topUp.Outcome.Should().Be(TopUpOutcome.Applied);
        }

        return (walletId, uid);
    }

    public static Task<TopUpResult> TopUpAsync(this IGrainFactory grains, string walletId, long amount, string? topUpId = null)
    {
        var id = topUpId ?? NewId("t");
        return grains.GetGrain<ITopUpGrain>(id).Apply(new TopUpRequest(id, walletId, amount));
    }

    /// <summary>Enrolls a device; answers (deviceId, signing key bytes).</summary>
    public static async Task<(string DeviceId, byte[] Key)> NewDeviceAsync(this IGrainFactory grains)
    {
        var deviceId = NewId("d");
        var enrolled = await grains.GetGrain<IPosDeviceGrain>(deviceId).Enroll("bar-1");
        enrolled.Outcome.Should().Be(EnrollOutcome.Enrolled);
        return (deviceId, Convert.FromBase64String(enrolled.SigningKey!));
    }

    public static OnlineCharge Nfc(string deviceId, long seq, string walletId, long amount, string uid) =>
        new(deviceId, seq, walletId, amount, new Credential(CredentialType.Nfc, uid), CreatedAt);

    public static OfflineTransaction Signed(byte[] key, string deviceId, long seq, string walletId, long amount, string uid = "uid-1") =>
        new(seq, walletId, amount, CreatedAt, new Credential(CredentialType.Nfc, uid),
            OfflineSignature.Sign(key, deviceId, seq, walletId, amount, CreatedAt));
}
