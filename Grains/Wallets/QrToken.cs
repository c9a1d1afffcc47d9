using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace FestivalPos.Grains.Wallets;

/// <summary>The wallet QR token format: base64url(JSON {"walletId","exp"}).base64url(ECDSA P-256 SHA-256 signature).</summary>
public static class QrToken
{
    public static string Create(ECDsa key, string walletId, DateTimeOffset expiresAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new QrPayload(walletId, expiresAt.ToUnixTimeSeconds()));
        var signature = key.SignData(payload, HashAlgorithmName.SHA256);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The wallet the token was issued for, or null when it is malformed, forged or expired.</summary>
    public static string? Verify(ECDsa publicKey, string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            if (!publicKey.VerifyData(payload, Base64Url.DecodeFromChars(parts[1]), HashAlgorithmName.SHA256))
            {
                return null;
            }

            var claims = JsonSerializer.Deserialize<QrPayload>(payload);
            return claims is not null && now.ToUnixTimeSeconds() <= claims.Exp ? claims.WalletId : null;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or JsonException)
        {
            return null;
        }
    }

    private sealed record QrPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("walletId")] string WalletId,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp);
}
