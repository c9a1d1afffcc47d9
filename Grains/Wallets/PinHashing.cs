using FestivalPos.Grains.Devices;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// Every PBKDF2 of a PIN or an attendee code in this silo runs through here, at most
/// <see cref="PinLimitsOptions.PinChecksAtOnce"/> at a time. One costs 600,000 iterations (about 0.1-0.2 s of a core);
/// each device's PIN budget bounds how often it may ask, but many devices at once, each within its budget, could
/// otherwise take every core from the ledger's other grains. The others wait for a free slot.
/// </summary>
public sealed class PinHashing(IOptions<PinLimitsOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.PinChecksAtOnce, options.Value.PinChecksAtOnce);
    private int _waiting;

    /// <summary>Hashes waiting for a free slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public Task<bool> MatchesAsync(PinVerifier verifier, string pin) => RunAsync(() => verifier.Matches(pin));

    public Task<PinVerifier> CreateAsync(string pin) => RunAsync(() => PinVerifier.Create(pin));

    /// <summary>Runs <paramref name="hash"/> on the thread pool once a slot is free, off the grain's scheduler.</summary>
    public async Task<T> RunAsync<T>(Func<T> hash)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _slots.WaitAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        try
        {
            return await Task.Run(hash);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
