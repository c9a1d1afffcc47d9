using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Wire;

/// <summary>
/// API.md's offline signature: base64 of HMAC-SHA256, keyed with the device's signing key, over
/// <c>{deviceId}|{seq}|{walletId}|{amount}|{createdAt}|{credential.type}|{credential.value}</c>.
/// One instance checks a whole batch with one keyed HMAC, so the key is not set up again per transaction.
/// </summary>
public sealed class OfflineSignature(byte[] signingKey, string deviceId) : IDisposable
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);

    public static string SignedString(string deviceId, long seq, string walletId, long amount, string createdAt, string credentialType, string credentialValue) =>
        string.Create(CultureInfo.InvariantCulture, $"{deviceId}|{seq}|{walletId}|{amount}|{createdAt}|{credentialType}|{credentialValue}");

    public static string Sign(byte[] signingKey, string deviceId, long seq, string walletId, long amount, string createdAt, string credentialType, string credentialValue) =>
        Convert.ToBase64String(HMACSHA256.HashData(signingKey,
            Encoding.UTF8.GetBytes(SignedString(deviceId, seq, walletId, amount, createdAt, credentialType, credentialValue))));

    public bool IsValid(long seq, string walletId, long amount, string createdAt, string credentialType, string credentialValue, string? signature)
    {
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(signature ?? "", given, out var written) || written != given.Length)
        {
            return false;
        }

        var message = SignedString(deviceId, seq, walletId, amount, createdAt, credentialType, credentialValue);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(message.Length));
        try
        {
            _hmac.AppendData(bytes, 0, Encoding.UTF8.GetBytes(message, bytes));
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.GetHashAndReset(expected);
            return CryptographicOperations.FixedTimeEquals(expected, given);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void Dispose() => _hmac.Dispose();
}
