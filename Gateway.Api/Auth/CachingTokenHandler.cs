using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// Remembers the tokens that passed validation until they expire. A terminal sends the same token with
/// every charge for 15 minutes; its signature, issuer, audience and lifetime are checked on first sight
/// and the result is reused for that exact token string while the key that signed it is still accepted
/// (<paramref name="acceptsKey"/>, given the key id): a token of a retired key is checked again, and refused, once
/// that key is no longer accepted, whatever its expiry says. Failed validations are never remembered.
/// </summary>
public sealed class CachingTokenHandler(TokenHandler inner, Func<string?, bool> acceptsKey) : TokenHandler
{
    /// <summary>More distinct live tokens than this and the expired ones are dropped, then all if still too many.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // Lifetime is judged on the same clock the inner handler uses.
        var now = DateTime.UtcNow;
        if (_validated.TryGetValue(token, out var remembered) && now < remembered.Until && acceptsKey(remembered.Result.SecurityToken.SigningKey?.KeyId))
        {
            return remembered.Result;
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken.ValidTo > DateTime.MinValue)
        {
            // Built once here, so concurrent requests sharing the result never race to build it.
            _ = result.ClaimsIdentity;
            Remember(token, new Validated(result, result.SecurityToken.ValidTo + validationParameters.ClockSkew), now);
        }

        return result;
    }

    private void Remember(string token, Validated validated, DateTime now)
    {
        if (_validated.Count >= MaxEntries)
        {
            foreach (var (key, entry) in _validated)
            {
                if (entry.Until <= now)
                {
                    _validated.TryRemove(key, out _);
                }
            }

            if (_validated.Count >= MaxEntries)
            {
                _validated.Clear();
            }
        }

        _validated[token] = validated;
    }

    private sealed record Validated(TokenValidationResult Result, DateTime Until);
}
