using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

/// <summary>The shared token signing key: the first call creates it, every later call (from any gateway) reads the same one.</summary>
public sealed class TokenSigningKeyGrain(IEventStore store, TimeProvider time) : Grain, ITokenSigningKeyGrain
{
    /// <summary>512 bits, the block size of HMAC-SHA256.</summary>
    public const int KeyBytes = 64;

    private EventStream<FirstValueState<string>, ValueSet<string>> _key = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = FirstValueStream.Open<string>(store, $"auth/signing-key/{this.GetPrimaryKeyString()}");
        return _key.RefreshAsync();
    }

    public Task<string> GetOrCreate() =>
        _key.GetOrSetAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)), time.GetUtcNow());
}
