using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>Access tokens made outside the gateway, as someone holding a signing key could make them.</summary>
public static class TestTokens
{
    /// <summary>An organizer-shaped token for <paramref name="clientId"/>, signed with <paramref name="key"/> and naming <paramref name="keyId"/> (none when null).</summary>
    public static string Sign(byte[] key, string? keyId, string role, string clientId, DateTime notBefore, DateTime expires, int secretVersion = 0) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "festivalpos",
            Audience = "festivalpos-api",
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", clientId),
                new Claim("role", role),
                new Claim("secret_version", secretVersion.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
        });

    /// <summary>Valid for ten minutes from now.</summary>
    public static string Sign(byte[] key, string? keyId, string role, string clientId, int secretVersion = 0) =>
        Sign(key, keyId, role, clientId, DateTime.UtcNow, DateTime.UtcNow.AddMinutes(10), secretVersion);

    public static string? KeyIdOf(string token) => new JsonWebToken(token).Kid;
}
