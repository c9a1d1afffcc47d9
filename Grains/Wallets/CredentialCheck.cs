using FestivalPos.Wire.Sun;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// Whether a credential proves the wallet, the QR token it names, if any (a QR token pays once), and the wristband
/// read it is, if it is a SUN message (a read pays once).
/// </summary>
public sealed record CredentialCheck(bool Valid, string? QrTokenId, SunRead? SunRead = null)
{
    public static readonly CredentialCheck Invalid = new(false, null);

    /// <summary>An organizer approved the charge: no credential is checked, the token it named (if any) is used up.</summary>
    public static CredentialCheck Approved(string? qrTokenId) => new(true, qrTokenId);

    /// <summary>A linked wristband's uid, unless the festival takes SUN wristbands only: a uid can be cloned.</summary>
    public static CredentialCheck OfUid(WalletState state, string uid, WristbandOptions wristbands) =>
        !wristbands.SunOnly && state.Wristbands.Contains(uid) ? new(true, null) : Invalid;

    /// <summary>
    /// A SUN message of a wristband linked to the wallet, whose MAC that wristband's key verifies. Whether its read
    /// paid before is for the charge rules to say (<see cref="UsedSunReads"/>).
    /// </summary>
    public static CredentialCheck OfSunMessage(WalletState state, string value, Func<string, byte[]> wristbandKey) =>
        SunMessage.TryParse(value, out var message) && state.Wristbands.Contains(message.Uid) && message.IsAuthenticUnder(wristbandKey(message.Uid))
            ? new(true, null, new SunRead(message.Uid, message.Counter))
            : Invalid;
}
