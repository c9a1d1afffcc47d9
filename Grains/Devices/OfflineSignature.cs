using System.Security.Cryptography;
using System.Text;
using FestivalPos.Grains.Interfaces.Devices;

namespace FestivalPos.Grains.Devices;

/// <summary>HMAC-SHA256 over "{deviceId}|{seq}|{walletId}|{amount}|{createdAt}" with the device's key (API.md).</summary>
public static class OfflineSignature
{
    public static string Sign(byte[] key, string deviceId, long seq, string walletId, long amount, string createdAt) =>
        Convert.ToBase64String(Compute(key, deviceId, seq, walletId, amount, createdAt));

    public static bool IsValid(byte[] key, string deviceId, OfflineTransaction transaction)
    {
        var signature = new byte[HMACSHA256.HashSizeInBytes];
        if (!Convert.TryFromBase64String(transaction.Signature ?? "", signature, out var written) || written != signature.Length)
        {
            return false;
        }

        var expected = Compute(key, deviceId, transaction.Seq, transaction.WalletId, transaction.Amount, transaction.CreatedAt);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    private static byte[] Compute(byte[] key, string deviceId, long seq, string walletId, long amount, string createdAt) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{deviceId}|{seq}|{walletId}|{amount}|{createdAt}"));
}
