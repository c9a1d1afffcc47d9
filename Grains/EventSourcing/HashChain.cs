using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>
/// Links every stored event to the one before it: hash(n) = SHA-256(hash(n-1) | n | payload).
/// The chain of a stream starts from a hash of its id, so an event moved between streams breaks it too.
/// </summary>
public static class HashChain
{
    public static string Genesis(string streamId) => Hex(Encoding.UTF8.GetBytes(streamId));

    public static string Next(string previousHash, long version, string payload) =>
        Hex(Encoding.UTF8.GetBytes($"{previousHash}|{version}|{payload}"));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
