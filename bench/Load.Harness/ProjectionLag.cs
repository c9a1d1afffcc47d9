using System.Diagnostics;
using HdrHistogram;
using Npgsql;

namespace FestivalPos.Load.Harness;

/// <summary>
/// How far behind the ledger the projections are, in seconds, while a run goes on. Every <see cref="SampleInterval"/>
/// it reads the ledger feed's head (the position of the latest durable append) and remembers when; it asks the gateway
/// for the exposure and anomalies reports, and once the slower of the two shows a position at or past a remembered head,
/// that sample's lag is the time in between. After the run it keeps asking until the projections reach the last head,
/// so the catch-up tail counts too. The poll interval and one report request are part of each figure.
/// </summary>
public sealed class ProjectionLag : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the projections get to reach the last head after the run before the samples left are counted as they stand.</summary>
    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(120);

    private readonly Api _api;
    private readonly string _organizerToken;
    private readonly NpgsqlDataSource _ledger;
    private readonly TimeSpan _measureFrom;
    private readonly Queue<(TimeSpan At, long Head)> _pending = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private ProjectionLag(Api api, string organizerToken, string ledgerConnectionString, TimeSpan measureFrom)
    {
        _api = api;
        _organizerToken = organizerToken;
        _ledger = NpgsqlDataSource.Create(ledgerConnectionString);
        _measureFrom = measureFrom;
        _sampling = Task.Run(SampleAsync);
    }

    public LongHistogram Seconds { get; } = new(1, 3_600_000, 3);

    /// <summary>Samples that the projections had not reached when the drain gave up.</summary>
    public int NotReached { get; private set; }

    public double P(double percentile) => Seconds.TotalCount == 0 ? 0 : Seconds.GetValueAtPercentile(percentile) / 1000.0;

    public double Max => Seconds.TotalCount == 0 ? 0 : Seconds.GetMaxValue() / 1000.0;

    public string Summary => Seconds.TotalCount == 0
        ? "projection lag: no samples"
        : $"projection lag p50 {P(50):F2} s, p99 {P(99):F2} s, max {Max:F2} s ({Seconds.TotalCount} samples{(NotReached > 0 ? $", {NotReached} never reached" : "")})";

    /// <summary>Starts sampling now; samples taken before <paramref name="measureFrom"/> (a warmup) are not counted.</summary>
    public static ProjectionLag Start(Api api, string organizerToken, string ledgerConnectionString, TimeSpan measureFrom = default) =>
        new(api, organizerToken, ledgerConnectionString, measureFrom);

    /// <summary>Stops taking new samples and waits for the projections to reach the ones taken.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var drainUntil = _clock.Elapsed + MaxDrain;
        while (_pending.Count > 0 && _clock.Elapsed < drainUntil)
        {
            Resolve(await ProjectedThroughAsync());
            await Task.Delay(SampleInterval);
        }

        NotReached = _pending.Count;
        while (_pending.TryDequeue(out var sample))
        {
            Record(sample.At);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }

        await _ledger.DisposeAsync();
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var at = _clock.Elapsed;
            var head = await HeadAsync();
            if (at >= _measureFrom)
            {
                _pending.Enqueue((at, head));
            }

            Resolve(await ProjectedThroughAsync());
            try
            {
                await Task.Delay(SampleInterval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Resolve(long through)
    {
        while (_pending.TryPeek(out var sample) && sample.Head <= through)
        {
            Record(_pending.Dequeue().At);
        }
    }

    private void Record(TimeSpan sampledAt) => Seconds.RecordValue(Math.Max(1, (long)(_clock.Elapsed - sampledAt).TotalMilliseconds));

    private async Task<long> HeadAsync()
    {
        await using var command = _ledger.CreateCommand("SELECT position FROM ledger_feed_head");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The position the slower of two projections is complete through (each applies the feed on its own).</summary>
    private async Task<long> ProjectedThroughAsync()
    {
        var exposure = await _api.GetAsync("api/v1/reports/exposure", _organizerToken, ApiJson.Default.ExposureReportResponse);
        var anomalies = await _api.GetAsync("api/v1/reports/anomalies?limit=1", _organizerToken, ApiJson.Default.AnomaliesReportResponse);
        return Math.Min(exposure.ThroughPosition, anomalies.ThroughPosition);
    }
}
