using FestivalPos.Wire;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// <c>Wristbands:Credential</c>: which wristbands the festival takes. <c>nfc</c> (the default) takes a linked uid and,
/// being strictly stronger, a SUN message too; <c>nfc-sun</c> takes SUN messages only, so a cloned uid cannot pay.
/// </summary>
public sealed class WristbandOptions
{
    public const string SectionName = "Wristbands";

    public string Credential { get; set; } = WireNames.CredentialTypes.Nfc;

    public bool IsValid => Credential is WireNames.CredentialTypes.Nfc or WireNames.CredentialTypes.NfcSun;

    /// <summary>Whether a plain uid is refused as a credential.</summary>
    public bool SunOnly => Credential == WireNames.CredentialTypes.NfcSun;
}
