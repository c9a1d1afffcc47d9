using System.Security.Claims;
using System.Security.Cryptography;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Checks client credentials against the cluster and issues short-lived HS256 access tokens.</summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public int LifetimeSeconds => options.Value.TokenLifetimeSeconds;

    /// <summary>The client, if the secret is its own and it is not revoked. Unknown ids cost as much as wrong secrets.</summary>
    public async Task<ApiClientView?> AuthenticateAsync(string clientId, string clientSecret)
    {
        var client = ClientIds.IsValid(clientId) ? await grains.Reference<IApiClientGrain>(clientId).Get() : null;
        var matches = await Task.Run(() => ClientSecretHasher.Matches(client?.Secret, clientSecret));
        return matches && client is { Revoked: false } ? client : null;
    }

    public async Task<string> IssueAsync(ApiClientView client)
    {
        var key = await keys.GetAsync();
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(Roles.ClientIdClaim, client.ClientId),
            new(Roles.RoleClaim, Roles.NameOf(client.Role)),
            new(JwtRegisteredClaimNames.Jti, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
        };
        if (client.DeviceId is { } deviceId)
        {
            claims.Add(new Claim(Roles.DeviceIdClaim, deviceId));
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(LifetimeSeconds),
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
