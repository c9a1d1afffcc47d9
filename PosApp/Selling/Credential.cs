using FestivalPos.Wire.Sun;

namespace FestivalPos.PosApp.Selling;

/// <summary>How the attendee pays: an NFC wristband uid, a SUN wristband's message, a PIN or a QR token (API.md's credential types).</summary>
public sealed record Credential(string Type, string Value)
{
    public const string Nfc = "nfc";
    public const string NfcSun = "nfc-sun";
    public const string Pin = "pin";
    public const string Qr = "qr";

    /// <summary>The uid of the wristband tapped: the value of <c>nfc</c>, the mirrored uid of <c>nfc-sun</c>; null for anything else.</summary>
    public string? WristbandUid => Type switch
    {
        Nfc => Value,
        NfcSun => SunMessage.TryParse(Value, out var message) ? message.Uid : null,
        _ => null,
    };

    public override string ToString() => Type == Pin ? "pin ****" : $"{Type} {Value}";
}
