namespace FestivalPos.PosApp.Selling;

/// <summary>How the attendee pays: an NFC wristband uid, a PIN or a QR token (API.md's credential types).</summary>
public sealed record Credential(string Type, string Value)
{
    public const string Nfc = "nfc";
    public const string Pin = "pin";
    public const string Qr = "qr";

    public override string ToString() => Type == Pin ? "pin ****" : $"{Type} {Value}";
}
