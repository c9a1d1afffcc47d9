using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FestivalPos.Wire;

/// <summary>What a verified wallet QR token says. <see cref="TokenId"/> tells one issued token from another, for one-time use.</summary>
public sealed record QrClaims(string WalletId, DateTimeOffset ExpiresAt, string TokenId)
{
    /// <summary>Online: unexpired on arrival, with <see cref="WireTime.ClockSkew"/>.</summary>
    public bool ValidAt(DateTimeOffset instant) => instant <= ExpiresAt + WireTime.ClockSkew;
}

/// <summary>
/// The wallet QR token: <c>base64url(payload).base64url(signature)</c>, the payload JSON
/// <c>{"walletId","exp","nonce"}</c> (exp in Unix seconds, nonce random) signed with ECDSA P-256 / SHA-256.
/// Its id is the SHA-256 of the signed payload bytes: a re-encoded signature is still the same token.
/// </summary>
public static class QrToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private const int NonceBytes = 16;

    public static string Create(ECDsa privateKey, string walletId, DateTimeOffset expiresAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new Payload(walletId, expiresAt.ToUnixTimeSeconds(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes))));
        var signature = privateKey.SignData(payload, HashAlgorithmName.SHA256);
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The token's claims when its signature verifies, or null when it is malformed or forged. Expiry is the caller's check.</summary>
    public static QrClaims? Read(ECDsa publicKey, string token)
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

            var claims = JsonSerializer.Deserialize<Payload>(payload);
            return claims is { WalletId: { Length: > 0 } walletId }
                ? new QrClaims(walletId, DateTimeOffset.FromUnixTimeSeconds(claims.Exp), IdOf(token)!)
                : null;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException or JsonException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The id of a well-formed token whether or not its signature verifies (what a held transaction is remembered by), or null.</summary>
    public static string? IdOf(string token)
    {
        var dot = token.IndexOf('.');
        try
        {
            return dot > 0 ? Convert.ToBase64String(SHA256.HashData(Base64Url.DecodeFromChars(token.AsSpan(0, dot)))) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A public key from the snapshot's <c>qrPublicKey</c> (base64 SubjectPublicKeyInfo).</summary>
    public static ECDsa PublicKey(string subjectPublicKeyInfoBase64)
    {
        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(subjectPublicKeyInfoBase64), out _);
        return key;
    }

    private sealed record Payload(
        [property: JsonPropertyName("walletId")] string WalletId,
        [property: JsonPropertyName("exp")] long Exp,
        [property: JsonPropertyName("nonce")] string? Nonce);
}
