namespace FestivalPos.Grains.Interfaces;

[GenerateSerializer, Alias("FestivalPos.CredentialType")]
public enum CredentialType
{
    Nfc = 0,
    Pin = 1,
    Qr = 2,
    NfcSun = 3,
}

/// <summary>How the attendee proved the wallet is theirs: a wristband uid, a wristband's SUN message, a PIN or a QR token.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.Credential")]
public sealed record Credential(
    [property: Id(0)] CredentialType Type,
    [property: Id(1)] string Value)
{
    /// <summary>The type's name in API.md, as the offline signature covers it.</summary>
    public string WireType => Type switch
    {
        CredentialType.Nfc => Wire.WireNames.CredentialTypes.Nfc,
        CredentialType.Pin => Wire.WireNames.CredentialTypes.Pin,
        CredentialType.Qr => Wire.WireNames.CredentialTypes.Qr,
        CredentialType.NfcSun => Wire.WireNames.CredentialTypes.NfcSun,
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };

    public static CredentialType? ParseType(string? wireType) => wireType switch
    {
        Wire.WireNames.CredentialTypes.Nfc => CredentialType.Nfc,
        Wire.WireNames.CredentialTypes.Pin => CredentialType.Pin,
        Wire.WireNames.CredentialTypes.Qr => CredentialType.Qr,
        Wire.WireNames.CredentialTypes.NfcSun => CredentialType.NfcSun,
        _ => null,
    };
}
