namespace FestivalPos.Grains.Wallets;

/// <summary>Whether a credential proves the wallet, and the QR token it names, if any (a QR token pays once).</summary>
public sealed record CredentialCheck(bool Valid, string? QrTokenId)
{
    public static readonly CredentialCheck Invalid = new(false, null);

    /// <summary>An organizer approved the charge: no credential is checked, the token it named (if any) is used up.</summary>
    public static CredentialCheck Approved(string? qrTokenId) => new(true, qrTokenId);
}
