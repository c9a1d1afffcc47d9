using System.Security.Cryptography;

namespace FestivalPos.Wire.Sun;

/// <summary>AES-CMAC (RFC 4493, NIST SP 800-38B) with a 128-bit key: the MAC NTAG 424 DNA tags compute.</summary>
public static class AesCmac
{
    public const int KeyBytes = 16;
    public const int BlockBytes = 16;

    private const byte ReductionConstant = 0x87;

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"An AES-CMAC key is {KeyBytes} bytes.", nameof(key));
        }

        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var (k1, k2) = Subkeys(aes);
        var blocks = Math.Max(1, (message.Length + BlockBytes - 1) / BlockBytes);
        var complete = message.Length > 0 && message.Length % BlockBytes == 0;

        Span<byte> last = stackalloc byte[BlockBytes];
        var tail = message[((blocks - 1) * BlockBytes)..];
        tail.CopyTo(last);
        if (!complete)
        {
            last[tail.Length] = 0x80;
        }

        Xor(last, complete ? k1 : k2);
        var state = new byte[BlockBytes];
        for (var i = 0; i < blocks - 1; i++)
        {
            Xor(state, message.Slice(i * BlockBytes, BlockBytes));
            aes.EncryptEcb(state, state, PaddingMode.None);
        }

        Xor(state, last);
        aes.EncryptEcb(state, state, PaddingMode.None);
        return state;
    }

    private static (byte[] K1, byte[] K2) Subkeys(Aes aes)
    {
        var zero = aes.EncryptEcb(new byte[BlockBytes], PaddingMode.None);
        var k1 = Double(zero);
        return (k1, Double(k1));
    }

    /// <summary>Multiplication by x in GF(2^128): a left shift by one bit, reduced when the top bit falls off.</summary>
    private static byte[] Double(byte[] block)
    {
        var doubled = new byte[BlockBytes];
        for (var i = 0; i < BlockBytes; i++)
        {
            var carry = i + 1 < BlockBytes ? block[i + 1] >> 7 : 0;
            doubled[i] = (byte)((block[i] << 1) | carry);
        }

        if ((block[0] & 0x80) != 0)
        {
            doubled[BlockBytes - 1] ^= ReductionConstant;
        }

        return doubled;
    }

    private static void Xor(Span<byte> into, ReadOnlySpan<byte> with)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] ^= with[i];
        }
    }
}
