using System.Threading.RateLimiting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// Checks the secrets of token requests. What a check costs depends only on the form of the client id,
/// never on whether the client exists: a device's id ("device-...") is checked with one round, as every
/// device secret is 256 random bits; any other id with <see cref="ClientSecretHasher.Iterations"/>, as an
/// operator's secret is. An unknown id is checked against a fixed decoy verifier of its form, so neither
/// the time nor the CPU of an answer tells an unknown id from a known one. Stretched checks run at most
/// <see cref="RateLimitOptions.SecretChecksAtOnce"/> at a time with <see cref="RateLimitOptions.SecretChecksQueued"/>
/// waiting; one-round checks cost microseconds and never wait behind them.
/// </summary>
public sealed class SecretChecker : IDisposable
{
    private static readonly IDisposable NoPermitNeeded = new EmptyPermit();

    private readonly ConcurrencyLimiter _stretched;
    private readonly GatewayMetrics _metrics;
    private long _iterations;

    public SecretChecker(IOptions<RateLimitOptions> options, GatewayMetrics metrics)
    {
        _metrics = metrics;
        _stretched = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.SecretChecksAtOnce,
            QueueLimit = options.Value.SecretChecksQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>PBKDF2-SHA256 iterations this gateway has performed for token requests.</summary>
    public long IterationsPerformed => Interlocked.Read(ref _iterations);

    /// <summary>Whether a secret of this client id is checked with the full iteration count (and may be guessable).</summary>
    public static bool IsStretched(string clientId) => !clientId.StartsWith(ClientIds.DevicePrefix, StringComparison.Ordinal);

    /// <summary>A permit to check a secret of this id, held until disposed; null when too many stretched checks are running and waiting.</summary>
    public async ValueTask<IDisposable?> EnterAsync(string clientId)
    {
        if (!IsStretched(clientId))
        {
            return NoPermitNeeded;
        }

        var lease = await _stretched.AcquireAsync();
        if (lease.IsAcquired)
        {
            return lease;
        }

        lease.Dispose();
        return null;
    }

    public bool Matches(string clientId, ClientSecretVerifier? verifier, string secret)
    {
        var checkedAgainst = verifier ?? (IsStretched(clientId) ? ClientSecretHasher.StretchedDecoy : ClientSecretHasher.GeneratedDecoy);
        Interlocked.Add(ref _iterations, checkedAgainst.Iterations);
        _metrics.SecretHashed(checkedAgainst.Iterations);
        return ClientSecretHasher.Matches(checkedAgainst, secret) && verifier is not null;
    }

    public void Dispose() => _stretched.Dispose();

    private sealed class EmptyPermit : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
