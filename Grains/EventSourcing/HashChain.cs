using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>
/// Links every stored event to the one before it: hash(n) = SHA-256(hash(n-1) | n | payload).
/// The chain of a stream starts from a hash of its id, so an event moved between streams breaks it too.
/// </summary>
public static class HashChain
{
    private const int MaxLongDigits = 20;

    public static string Genesis(string streamId) => Hex(Encoding.UTF8.GetBytes(streamId));

    /// <summary>The SHA-256 of the UTF-8 text "{previousHash}|{version}|{payload}", in lower-case hex.</summary>
    public static string Next(string previousHash, long version, string payload)
    {
        // Encodes the three parts straight into one pooled buffer instead of building the joined string first.
        var length = Encoding.UTF8.GetByteCount(previousHash) + Encoding.UTF8.GetByteCount(payload) + MaxLongDigits + 2;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = Encoding.UTF8.GetBytes(previousHash, buffer);
            buffer[written++] = (byte)'|';
            if (!version.TryFormat(buffer.AsSpan(written), out var digits, default, CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("The version does not fit its buffer.");
            }

            written += digits;
            buffer[written++] = (byte)'|';
            written += Encoding.UTF8.GetBytes(payload, buffer.AsSpan(written));
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
