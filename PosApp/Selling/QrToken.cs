using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FestivalPos.PosApp.Selling;

/// <summary>
/// A wallet QR token: base64url(payload).base64url(ECDSA P-256 SHA-256 signature), the payload
/// <c>{"walletId","exp"}</c> with exp in Unix seconds; verified offline with the snapshot's public key (base64 SPKI).
/// </summary>
public static class QrToken
{
    /// <summary>The wallet the token is for, or null when it is malformed, forged or expired.</summary>
    public static string? Verify(string token, string publicKeySpkiBase64, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            var signature = Base64Url.DecodeFromChars(parts[1]);
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeySpkiBase64), out _);
            if (!key.VerifyData(payload, signature, HashAlgorithmName.SHA256))
            {
                return null;
            }

            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(payload));
            var walletId = json.RootElement.GetProperty("walletId").GetString();
            var expires = json.RootElement.GetProperty("exp").GetInt64();
            return now.ToUnixTimeSeconds() <= expires ? walletId : null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
