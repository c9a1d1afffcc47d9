namespace FestivalPos.Wire.Sun;

/// <summary>
/// AES-128 key diversification of NXP AN10922 (section 2.2): a tag's key is AES-CMAC of the master key over
/// <c>0x01 || M</c>, padded to two blocks, where M is the tag's uid followed by an application's identifiers.
/// Whoever holds one wristband's key learns nothing of another's or of the master key.
/// </summary>
public static class KeyDiversification
{
    /// <summary>The system identifier every FestivalPos wristband key is diversified with, after the uid.</summary>
    public const string SystemIdentifier = "FestivalPos SUN";

    private const byte Aes128DiversificationConstant = 0x01;
    private const int MinInputBytes = AesCmac.BlockBytes;
    private const int MaxInputBytes = 2 * AesCmac.BlockBytes - 1;

    /// <summary>The diversified key for <paramref name="input"/> (M: 16 to 31 bytes, so CMAC's padding is AN10922's).</summary>
    public static byte[] Aes128(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> input)
    {
        if (input.Length is < MinInputBytes or > MaxInputBytes)
        {
            throw new ArgumentException($"The diversification input must be {MinInputBytes} to {MaxInputBytes} bytes.", nameof(input));
        }

        Span<byte> message = stackalloc byte[1 + input.Length];
        message[0] = Aes128DiversificationConstant;
        input.CopyTo(message[1..]);
        return AesCmac.Compute(masterKey, message);
    }

    /// <summary>A wristband's SDM file read key: the SUN master key diversified with the uid and <see cref="SystemIdentifier"/>.</summary>
    public static byte[] WristbandKey(ReadOnlySpan<byte> sunMasterKey, string uid)
    {
        if (!SunMessage.IsUid(uid))
        {
            throw new ArgumentException("A SUN wristband's uid is 7 bytes in upper-case hex.", nameof(uid));
        }

        return Aes128(sunMasterKey, [.. Convert.FromHexString(uid), .. System.Text.Encoding.ASCII.GetBytes(SystemIdentifier)]);
    }
}
