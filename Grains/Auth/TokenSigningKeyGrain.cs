using System.Security.Cryptography;
using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SigningKeyCreated), "signingKeyCreated")]
public abstract record SigningKeyEvent(DateTimeOffset RecordedAt);

public sealed record SigningKeyCreated(string Key, DateTimeOffset RecordedAt) : SigningKeyEvent(RecordedAt);

public sealed class SigningKeyState : IStreamState<SigningKeyEvent>
{
    public string? Key { get; private set; }

    public void Apply(SigningKeyEvent @event, long version, string hash) =>
        Key ??= @event is SigningKeyCreated created ? created.Key : throw new InvalidOperationException("Unknown signing key event.");
}

/// <summary>The shared token signing key: the first call creates it, every later call (from any gateway) reads the same one.</summary>
public sealed class TokenSigningKeyGrain(IEventStore store, TimeProvider time) : Grain, ITokenSigningKeyGrain
{
    /// <summary>512 bits, the block size of HMAC-SHA256.</summary>
    public const int KeyBytes = 64;

    private EventStream<SigningKeyState, SigningKeyEvent> _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<SigningKeyState, SigningKeyEvent>(store, $"auth/signing-key/{this.GetPrimaryKeyString()}", new SigningKeyState());
        return _stream.RefreshAsync();
    }

    public Task<string> GetOrCreate()
    {
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
        return _stream.DecideAsync(state => state.Key is { } key
            ? Decision<SigningKeyEvent, string>.Answer(key)
            : new([new SigningKeyCreated(fresh, time.GetUtcNow())], fresh));
    }
}
