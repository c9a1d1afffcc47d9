using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Grains.Auth;

/// <summary>
/// The shared token signing keys: the first call creates the first one, <see cref="Rotate"/> makes a new one current,
/// and every gateway reads the same set. The ledger holds the keys only wrapped.
/// </summary>
public sealed partial class TokenSigningKeyGrain(IEventStore store, TimeProvider time, KeyRing keys, ILogger<TokenSigningKeyGrain> logger)
    : Grain, ITokenSigningKeyGrain
{
    /// <summary>512 bits, the block size of HMAC-SHA256.</summary>
    public const int KeyBytes = 64;

    /// <summary>What a key is wrapped for: a wrapped token key cannot be unwrapped as any other key.</summary>
    public const string WrapPurpose = "auth/signing-key";

    /// <summary>A key id is 16 hex characters.</summary>
    private const int KeyIdBytes = 8;

    private EventStream<TokenSigningKeyState, TokenSigningKeyEvent> _keys = null!;

    private string Name => this.GetPrimaryKeyString();

    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _keys = new EventStream<TokenSigningKeyState, TokenSigningKeyEvent>(store, keys.Chain, $"auth/signing-keys/{Name}", new TokenSigningKeyState());
        await _keys.RefreshAsync();
        if (_keys.State.Current is null)
        {
            await AdoptSingleKeyAsync();
        }
    }

    public async Task<TokenSigningKeySet> GetKeys(TimeSpan acceptedAfterRetirement)
    {
        await CreateFirstKeyAsync(NewWrappedKey);
        var now = Now;
        var stored = _keys.State.Keys;
        var retired = stored.Take(stored.Count - 1).Reverse()
            .Where(key => TokenSigningKey.IsAccepted(key.RetiredAt, now, acceptedAfterRetirement))
            .Select(Unwrap);
        return new TokenSigningKeySet(Unwrap(stored[^1]), [.. retired]);
    }

    public async Task<TokenSigningKeyRotation> Rotate()
    {
        var keyId = NewKeyId();
        var wrapped = NewWrappedKey();
        var rotation = await _keys.DecideAsync(state => state.Current is { } current
            ? new Decision<TokenSigningKeyEvent, TokenSigningKeyRotation>([new TokenSigningKeyRotated(keyId, wrapped, current.KeyId, Now)], new(keyId, current.KeyId))
            : new([new TokenSigningKeyCreated(keyId, wrapped, Now)], new(keyId, null)));
        LogRotated(Name, rotation.KeyId, rotation.PreviousKeyId);
        return rotation;
    }

    /// <summary>A ledger written before keys had ids holds one key in a stream of its own: it becomes the first key of the set.</summary>
    private async Task AdoptSingleKeyAsync()
    {
        var single = FirstValueStream.Open<string>(store, keys.Chain, $"auth/signing-key/{Name}");
        await single.RefreshAsync();
        if (single.State.Value is { } wrapped)
        {
            await CreateFirstKeyAsync(() => wrapped);
        }
    }

    private Task CreateFirstKeyAsync(Func<string> wrappedKey) =>
        _keys.DecideAsync(state => state.Current is not null
            ? Decision<TokenSigningKeyEvent, bool>.Answer(false)
            : new([new TokenSigningKeyCreated(NewKeyId(), wrappedKey(), Now)], true));

    private TokenSigningKey Unwrap(StoredSigningKey key) =>
        new(key.KeyId, Convert.ToBase64String(keys.Unwrap(key.WrappedKey, WrapPurpose)), key.CreatedAt, key.RetiredAt);

    private string NewWrappedKey() => keys.Wrap(RandomNumberGenerator.GetBytes(KeyBytes), WrapPurpose);

    private static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));

    [LoggerMessage(Level = LogLevel.Information, Message = "Token signing keys {Name}: key {KeyId} is current, {PreviousKeyId} retired.")]
    private partial void LogRotated(string name, string keyId, string? previousKeyId);
}
