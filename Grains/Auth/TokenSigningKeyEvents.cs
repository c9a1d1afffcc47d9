using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Grains.Auth;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TokenSigningKeyCreated), "tokenSigningKeyCreated")]
[JsonDerivedType(typeof(TokenSigningKeyRotated), "tokenSigningKeyRotated")]
public abstract record TokenSigningKeyEvent(
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("wrappedKey")] string WrappedKey,
    [property: JsonPropertyName("recordedAt")] DateTimeOffset RecordedAt);

/// <summary>The first key: generated, or the one key a ledger from before key ids holds.</summary>
public sealed record TokenSigningKeyCreated(string KeyId, string WrappedKey, DateTimeOffset RecordedAt)
    : TokenSigningKeyEvent(KeyId, WrappedKey, RecordedAt);

/// <summary>A new current key; <see cref="PreviousKeyId"/>, the current one until now, is retired from <see cref="TokenSigningKeyEvent.RecordedAt"/>.</summary>
public sealed record TokenSigningKeyRotated(
    string KeyId,
    string WrappedKey,
    [property: JsonPropertyName("previousKeyId")] string PreviousKeyId,
    DateTimeOffset RecordedAt)
    : TokenSigningKeyEvent(KeyId, WrappedKey, RecordedAt);

/// <summary>A key as the ledger holds it: wrapped under the master key.</summary>
public sealed record StoredSigningKey(string KeyId, string WrappedKey, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt);

/// <summary>The newest <see cref="ITokenSigningKeyGrain.MaxKeys"/> keys, oldest first; the last one is current.</summary>
public sealed class TokenSigningKeyState : IStreamState<TokenSigningKeyEvent>
{
    private readonly List<StoredSigningKey> _keys = [];

    public IReadOnlyList<StoredSigningKey> Keys => _keys;

    public StoredSigningKey? Current => _keys.Count > 0 ? _keys[^1] : null;

    public void Apply(TokenSigningKeyEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case TokenSigningKeyCreated when Current is not null:
                throw new InvalidOperationException("A first token signing key was created after another.");
            case TokenSigningKeyRotated rotated when rotated.PreviousKeyId != Current?.KeyId:
                throw new InvalidOperationException($"Key {rotated.KeyId} retires {rotated.PreviousKeyId}, but the current key is {Current?.KeyId}.");
            case TokenSigningKeyCreated:
                break;
            case TokenSigningKeyRotated rotated:
                _keys[^1] = _keys[^1] with { RetiredAt = rotated.RecordedAt };
                break;
            default:
                throw new InvalidOperationException($"Unknown token signing key event {@event.GetType().Name}.");
        }

        _keys.Add(new StoredSigningKey(@event.KeyId, @event.WrappedKey, @event.RecordedAt, RetiredAt: null));
        if (_keys.Count > ITokenSigningKeyGrain.MaxKeys)
        {
            _keys.RemoveAt(0);
        }
    }
}
