namespace FestivalPos.Grains.Interfaces;

[GenerateSerializer, Alias("FestivalPos.CredentialType")]
public enum CredentialType
{
    Nfc = 0,
    Pin = 1,
    Qr = 2,
}

/// <summary>How the attendee proved the wallet is theirs: a wristband uid, a PIN or a QR token.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.Credential")]
public sealed record Credential(
    [property: Id(0)] CredentialType Type,
    [property: Id(1)] string Value);
