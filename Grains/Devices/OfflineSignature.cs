using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using FestivalPos.Grains.Interfaces.Devices;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// HMAC-SHA256 over "{deviceId}|{seq}|{walletId}|{amount}|{createdAt}" with the device's key (API.md).
/// One instance checks a whole batch with one keyed HMAC, so the key is not set up again for each transaction.
/// </summary>
public sealed class OfflineSignature(byte[] key, string deviceId) : IDisposable
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

    public static string Sign(byte[] key, string deviceId, long seq, string walletId, long amount, string createdAt) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Message(deviceId, seq, walletId, amount, createdAt))));

    public bool IsValid(OfflineTransaction transaction)
    {
        Span<byte> signature = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(transaction.Signature ?? "", signature, out var written) || written != signature.Length)
        {
            return false;
        }

        var message = Message(deviceId, transaction.Seq, transaction.WalletId, transaction.Amount, transaction.CreatedAt);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(message.Length));
        try
        {
            _hmac.AppendData(bytes, 0, Encoding.UTF8.GetBytes(message, bytes));
            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.GetHashAndReset(expected);
            return CryptographicOperations.FixedTimeEquals(expected, signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void Dispose() => _hmac.Dispose();

    private static string Message(string deviceId, long seq, string walletId, long amount, string createdAt) =>
        $"{deviceId}|{seq}|{walletId}|{amount}|{createdAt}";
}
