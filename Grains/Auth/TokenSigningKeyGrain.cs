using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

/// <summary>The shared token signing key: the first call creates it, every later call (from any gateway) reads the same one; the ledger holds it only wrapped.</summary>
public sealed class TokenSigningKeyGrain(IEventStore store, TimeProvider time, KeyRing keys) : Grain, ITokenSigningKeyGrain
{
    /// <summary>512 bits, the block size of HMAC-SHA256.</summary>
    public const int KeyBytes = 64;

    private EventStream<FirstValueState<string>, ValueSet<string>> _key = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = FirstValueStream.Open<string>(store, keys.Chain, $"auth/signing-key/{this.GetPrimaryKeyString()}");
        return _key.RefreshAsync();
    }

    public async Task<string> GetOrCreate() =>
        Convert.ToBase64String(await _key.GetOrCreateKeyAsync(keys, "auth/signing-key", () => RandomNumberGenerator.GetBytes(KeyBytes), time.GetUtcNow()));
}
