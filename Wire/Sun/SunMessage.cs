using System.Globalization;
using System.Security.Cryptography;

namespace FestivalPos.Wire.Sun;

/// <summary>
/// A Secure Unique NFC message of an NTAG 424 DNA wristband with its uid and read counter mirrored in clear
/// (NXP AN12196): the value of an <c>nfc-sun</c> credential, written <c>{uid}:{counter}:{mac}</c> in upper-case
/// hex, exactly as the tag mirrors them into its URL: 7 uid bytes, the 3-byte read counter most significant
/// first, and the 8-byte SDMMAC, e.g. <c>04DE5F1EACC040:00003D:94EED9EE65337086</c>. The MAC is the odd bytes of
/// AES-CMAC over an empty input, under a session key that is AES-CMAC of the tag's key over
/// <c>3C C3 00 01 00 80 || uid || counter (least significant first)</c>; so a message names one read of one tag.
/// </summary>
public sealed record SunMessage(string Uid, int Counter, string Mac)
{
    public const int UidBytes = 7;
    public const int MacBytes = 8;
    public const int MaxCounter = 0xFF_FFFF;

    /// <summary>The length of the text form: 14 + 1 + 6 + 1 + 16 characters.</summary>
    public const int Length = 2 * UidBytes + 1 + 6 + 1 + 2 * MacBytes;

    public const string Format = "UID:COUNTER:MAC (14, 6 and 16 upper-case hex digits)";

    private static readonly byte[] SessionMacVectorPrefix = [0x3C, 0xC3, 0x00, 0x01, 0x00, 0x80];

    public string Value => $"{Uid}:{Counter:X6}:{Mac}";

    public override string ToString() => Value;

    /// <summary>Reads the text form; anything but the one canonical spelling of a message is refused.</summary>
    public static bool TryParse(string? value, out SunMessage message)
    {
        message = null!;
        if (value is not { Length: Length } || value[2 * UidBytes] != ':' || value[2 * UidBytes + 7] != ':')
        {
            return false;
        }

        var uid = value[..(2 * UidBytes)];
        var counter = value.Substring(2 * UidBytes + 1, 6);
        var mac = value[(2 * UidBytes + 8)..];
        if (!IsUpperHex(uid) || !IsUpperHex(counter) || !IsUpperHex(mac))
        {
            return false;
        }

        message = new SunMessage(uid, int.Parse(counter, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), mac);
        return true;
    }

    /// <summary>Whether a uid is one a SUN wristband mirrors: 7 bytes in upper-case hex.</summary>
    public static bool IsUid(string? uid) => uid is { Length: 2 * UidBytes } && IsUpperHex(uid);

    /// <summary>The message a tag with <paramref name="tagKey"/> mirrors at read <paramref name="counter"/>, as the tag computes it.</summary>
    public static SunMessage Create(ReadOnlySpan<byte> tagKey, string uid, int counter)
    {
        if (!IsUid(uid) || counter is < 0 or > MaxCounter)
        {
            throw new ArgumentException($"A SUN message needs a 7-byte upper-case hex uid and a counter from 0 to {MaxCounter}.");
        }

        return new SunMessage(uid, counter, Convert.ToHexString(ComputeMac(tagKey, uid, counter)));
    }

    /// <summary>Whether the MAC is the one the tag with <paramref name="tagKey"/> computes for this uid and counter.</summary>
    public bool IsAuthenticUnder(ReadOnlySpan<byte> tagKey) =>
        CryptographicOperations.FixedTimeEquals(ComputeMac(tagKey, Uid, Counter), Convert.FromHexString(Mac));

    /// <summary>KSesSDMFileReadMAC: AES-CMAC of the tag's SDM file read key over SV2.</summary>
    public static byte[] SessionMacKey(ReadOnlySpan<byte> tagKey, string uid, int counter)
    {
        Span<byte> vector = stackalloc byte[AesCmac.BlockBytes];
        SessionMacVectorPrefix.CopyTo(vector);
        Convert.FromHexString(uid).CopyTo(vector[SessionMacVectorPrefix.Length..]);
        var counterAt = SessionMacVectorPrefix.Length + UidBytes;
        vector[counterAt] = (byte)counter;
        vector[counterAt + 1] = (byte)(counter >> 8);
        vector[counterAt + 2] = (byte)(counter >> 16);
        return AesCmac.Compute(tagKey, vector);
    }

    private static byte[] ComputeMac(ReadOnlySpan<byte> tagKey, string uid, int counter)
    {
        // The tags are programmed with SDMMACInputOffset == SDMMACOffset: the MAC covers no file data.
        var full = AesCmac.Compute(SessionMacKey(tagKey, uid, counter), []);
        var truncated = new byte[MacBytes];
        for (var i = 0; i < MacBytes; i++)
        {
            truncated[i] = full[2 * i + 1];
        }

        return truncated;
    }

    private static bool IsUpperHex(string text) => text.All(char.IsAsciiHexDigitUpper);
}
