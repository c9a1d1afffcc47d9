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

    /// <summary>
    /// What a reader typed, as the touch screen receives it: a SUN wristband's message, a QR token (a scanner or the
    /// camera), or a wristband's uid (a keyboard-wedge NFC reader); null when the line is none of them.
    /// </summary>
    public static Credential? Scanned(string line)
    {
        var typed = line.Trim();
        return SunMessage.TryParse(typed, out _) ? new Credential(NfcSun, typed)
            : typed.Contains('.', StringComparison.Ordinal) && Wire.QrToken.IdOf(typed) is not null ? new Credential(Qr, typed)
            : PosApp.Nfc.KeyboardWedgeReader.UidOf(typed) is { } uid ? new Credential(Nfc, uid)
            : null;
    }

    public override string ToString() => Type == Pin ? "pin ****" : $"{Type} {Value}";
}
