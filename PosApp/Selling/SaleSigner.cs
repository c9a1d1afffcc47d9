using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.PosApp.Selling;

/// <summary>API.md's offline signature: base64 HMAC-SHA256 over <c>{deviceId}|{seq}|{walletId}|{amount}|{createdAt}</c>.</summary>
public static class SaleSigner
{
    public static string Sign(byte[] signingKey, string deviceId, long seq, string walletId, long amount, string createdAt) =>
        Convert.ToBase64String(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{deviceId}|{seq}|{walletId}|{amount}|{createdAt}"))));

    /// <summary>RFC 3339 UTC to the second, the form the signature covers exactly as sent.</summary>
    public static string Timestamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
