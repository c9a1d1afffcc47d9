using System.Security.Cryptography;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>The key a gateway signs tokens with, and every key it accepts tokens from, by key id (a token's <c>kid</c>).</summary>
public sealed class SigningKeySet
{
    /// <summary>A configured key's id: the first bytes of its SHA-256, in hex, as long as the cluster's key ids.</summary>
    private const int ConfiguredKeyIdBytes = 8;

    private readonly Dictionary<string, Accepted> _byId;

    private SigningKeySet(SymmetricSecurityKey current, IEnumerable<Accepted> accepted)
    {
        Current = current;
        _byId = accepted.ToDictionary(key => key.Key.KeyId, StringComparer.Ordinal);
    }

    /// <summary>The key new tokens are signed with; its <see cref="SecurityKey.KeyId"/> goes in their header.</summary>
    public SymmetricSecurityKey Current { get; }

    public static SigningKeySet FromCluster(TokenSigningKeySet keys) => new(
        Symmetric(keys.Current.KeyId, Convert.FromBase64String(keys.Current.Key)),
        keys.Retired.Prepend(keys.Current).Select(key => new Accepted(Symmetric(key.KeyId, Convert.FromBase64String(key.Key)), key.RetiredAt)));

    /// <summary>Auth:SigningKey signs; it and Auth:PreviousSigningKeys are accepted for as long as they are configured.</summary>
    public static SigningKeySet FromConfiguration(byte[] current, IEnumerable<byte[]> previous)
    {
        var signing = Symmetric(ConfiguredKeyId(current), current);
        return new SigningKeySet(signing, [new Accepted(signing, RetiredAt: null), .. previous.Select(key => new Accepted(Symmetric(ConfiguredKeyId(key), key), RetiredAt: null))]);
    }

    public static string ConfiguredKeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, ConfiguredKeyIdBytes));

    public bool Knows(string? keyId) => keyId is not null && _byId.ContainsKey(keyId);

    /// <summary>The key named <paramref name="keyId"/>, if tokens signed with it are still accepted at <paramref name="now"/>.</summary>
    public SymmetricSecurityKey? Find(string? keyId, DateTimeOffset now, TimeSpan acceptedAfterRetirement) =>
        keyId is not null && _byId.TryGetValue(keyId, out var accepted) && TokenSigningKey.IsAccepted(accepted.RetiredAt, now, acceptedAfterRetirement)
            ? accepted.Key
            : null;

    private static SymmetricSecurityKey Symmetric(string keyId, byte[] key) => new(key) { KeyId = keyId };

    private sealed record Accepted(SymmetricSecurityKey Key, DateTimeOffset? RetiredAt);
}
