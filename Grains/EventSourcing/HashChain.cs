using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>
/// Links every stored event to the one before it with a keyed hash: link(n) = HMAC-SHA256(key, link(n-1) | n | payload).
/// The chain of a stream starts from a keyed hash of its id, so an event moved between streams breaks it too. The key
/// comes from the master key (<see cref="Keys.KeyRing.Chain"/>) and never enters the database: whoever can write the
/// database can still delete or edit events, but cannot compute the links that would make the edit pass.
/// </summary>
public sealed class HashChain(byte[] key)
{
    private const int MaxLongDigits = 20;

    public string Genesis(string streamId) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(streamId)));

    /// <summary>The HMAC-SHA256 of the UTF-8 text "{previousHash}|{version}|{payload}", in lower-case hex.</summary>
    public string Next(string previousHash, long version, string payload)
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
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer.AsSpan(0, written), hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
