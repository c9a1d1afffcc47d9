using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>What a token request came to.</summary>
public enum TokenAuthenticationOutcome
{
    Authenticated = 0,

    /// <summary>Unknown client, wrong secret or revoked client: one answer for all three.</summary>
    Refused = 1,

    /// <summary>The client id has used up its failure budget and waits out its backoff.</summary>
    BackingOff = 2,

    /// <summary>Too many stretched secret checks are running and waiting on this gateway.</summary>
    Busy = 3,
}

public sealed record TokenAuthentication(TokenAuthenticationOutcome Outcome, ApiClientView? Client = null, TimeSpan RetryAfter = default);

/// <summary>Checks client credentials against the cluster and issues short-lived HS256 access tokens, naming their key (<c>kid</c>).</summary>
public sealed class TokenIssuer(
    SigningKeyProvider keys, IGrainFactory grains, SecretChecker secrets, TokenFailureBackoff backoff, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public int LifetimeSeconds => options.Value.TokenLifetimeSeconds;

    /// <summary>
    /// The client, if the secret is its own and it is not revoked. An operator's id (any id but a device's) that
    /// used up its failure budget backs off first; the check waits for a free stretched-hashing permit; an unknown
    /// id costs what a known one of its form costs.
    /// </summary>
    public async Task<TokenAuthentication> AuthenticateAsync(string clientId, string clientSecret)
    {
        var guessable = SecretChecker.IsStretched(clientId);
        if (guessable && backoff.RetryAfter(clientId) is { } wait)
        {
            return new TokenAuthentication(TokenAuthenticationOutcome.BackingOff, RetryAfter: wait);
        }

        var client = ClientIds.IsValid(clientId) ? await grains.Reference<IApiClientGrain>(clientId).Get() : null;
        using var permit = await secrets.EnterAsync(clientId);
        if (permit is null)
        {
            return new TokenAuthentication(TokenAuthenticationOutcome.Busy);
        }

        // Counted before the check, atomically with the backoff test: requests sent at once cannot overrun the budget.
        if (guessable && backoff.TryBegin(clientId) is { } locked)
        {
            return new TokenAuthentication(TokenAuthenticationOutcome.BackingOff, RetryAfter: locked);
        }

        var matches = await Task.Run(() => secrets.Matches(clientId, client?.Secret, clientSecret));
        if (!matches || client is not { Revoked: false })
        {
            return new TokenAuthentication(TokenAuthenticationOutcome.Refused);
        }

        if (guessable)
        {
            backoff.Succeeded(clientId);
        }

        return new TokenAuthentication(TokenAuthenticationOutcome.Authenticated, client);
    }

    public async Task<string> IssueAsync(ApiClientView client)
    {
        var key = await keys.GetSigningKeyAsync();
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(Roles.ClientIdClaim, client.ClientId),
            new(Roles.RoleClaim, Roles.NameOf(client.Role)),
            new(JwtRegisteredClaimNames.Jti, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            new(Roles.SecretVersionClaim, client.SecretVersion.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
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
