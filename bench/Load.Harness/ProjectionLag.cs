using System.Diagnostics;
using HdrHistogram;
using Npgsql;

namespace FestivalPos.Load.Harness;

/// <summary>
/// How far behind the ledger the projections are, in seconds, while a run goes on. Every <see cref="SampleInterval"/>
/// it reads the ledger feed's head (the position of the latest durable append) and the feed pump's checkpoint, and asks
/// the gateway for the exposure and anomalies reports. A sample's projection lag is the time from reading a head to a
/// report of the slower of the two projections at or past it; its pump lag is the time to the pump's checkpoint passing
/// it (published to the stream), so the rest is stream delivery and applying. After the run it keeps asking until the
/// projections reach the last head, so the catch-up tail counts. The poll interval and a report request are part of each figure.
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
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private (TimeSpan At, long Position)? _firstHead;
    private (TimeSpan At, long Position) _lastHead;
    private (TimeSpan At, long Position)? _firstProjected;
    private (TimeSpan At, long Position) _lastProjected;

    private ProjectionLag(Api api, string organizerToken, string ledgerConnectionString, TimeSpan measureFrom)
    {
        _api = api;
        _organizerToken = organizerToken;
        _ledger = NpgsqlDataSource.Create(ledgerConnectionString);
        _measureFrom = measureFrom;
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>From a head read to the projections' reports at or past it.</summary>
    public Lag Projections { get; } = new();

    /// <summary>From a head read to the pump's checkpoint at or past it: read, decoded and published.</summary>
    public Lag Pump { get; } = new();

    public string Summary =>
        $"projection lag {Projections} (of which the pump {Pump}); the feed grew {Rate(_firstHead, _lastHead):F0} entries/s, " +
        $"the projections applied {Rate(_firstProjected, _lastProjected):F0}/s";

    /// <summary>Starts sampling now; samples taken before <paramref name="measureFrom"/> (a warmup) are not counted.</summary>
    public static ProjectionLag Start(Api api, string organizerToken, string ledgerConnectionString, TimeSpan measureFrom = default) =>
        new(api, organizerToken, ledgerConnectionString, measureFrom);

    /// <summary>Stops taking new samples and waits for the pump and the projections to reach the ones taken.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var drainUntil = _clock.Elapsed + MaxDrain;
        while ((Projections.Pending > 0 || Pump.Pending > 0) && _clock.Elapsed < drainUntil)
        {
            var (_, checkpoint) = await FeedAsync();
            Pump.Resolve(checkpoint, _clock.Elapsed);
            Projected(await ProjectedThroughAsync());
            await Task.Delay(SampleInterval);
        }

        Pump.GiveUp(_clock.Elapsed);
        Projections.GiveUp(_clock.Elapsed);
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
            var (head, checkpoint) = await FeedAsync();
            if (at >= _measureFrom)
            {
                _firstHead ??= (at, head);
                _lastHead = (at, head);
                Pump.Sampled(at, head);
                Projections.Sampled(at, head);
            }

            Pump.Resolve(checkpoint, _clock.Elapsed);
            Projected(await ProjectedThroughAsync());
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

    private void Projected(long through)
    {
        var now = _clock.Elapsed;
        if (now >= _measureFrom && (_firstProjected is null || through > _lastProjected.Position))
        {
            _firstProjected ??= (now, through);
            _lastProjected = (now, through);
        }

        Projections.Resolve(through, now);
    }

    private static double Rate((TimeSpan At, long Position)? first, (TimeSpan At, long Position) last) =>
        first is { } start && last.At > start.At ? (last.Position - start.Position) / (last.At - start.At).TotalSeconds : 0;

    private async Task<(long Head, long PumpCheckpoint)> FeedAsync()
    {
        await using var command = _ledger.CreateCommand(
            "SELECT (SELECT position FROM ledger_feed_head), (SELECT coalesce(max(position), 0) FROM ledger_feed_checkpoints WHERE consumer = 'pump')");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The position the slower of two projections is complete through (each applies the feed on its own).</summary>
    private async Task<long> ProjectedThroughAsync()
    {
        var exposure = await _api.GetAsync("api/v1/reports/exposure", _organizerToken, ApiJson.Default.ExposureReportResponse);
        var anomalies = await _api.GetAsync("api/v1/reports/anomalies?limit=1", _organizerToken, ApiJson.Default.AnomaliesReportResponse);
        return Math.Min(exposure.ThroughPosition, anomalies.ThroughPosition);
    }

    /// <summary>Heads read and not yet reached, oldest first, and the seconds each took to be reached.</summary>
    public sealed class Lag
    {
        private readonly Queue<(TimeSpan At, long Head)> _pending = new();

        public LongHistogram Milliseconds { get; } = new(1, 3_600_000, 3);

        public int Pending => _pending.Count;

        /// <summary>Samples not reached when the drain gave up, counted with the time waited.</summary>
        public int NotReached { get; private set; }

        public double P(double percentile) => Milliseconds.TotalCount == 0 ? 0 : Milliseconds.GetValueAtPercentile(percentile) / 1000.0;

        public double Max => Milliseconds.TotalCount == 0 ? 0 : Milliseconds.GetMaxValue() / 1000.0;

        public void Sampled(TimeSpan at, long head) => _pending.Enqueue((at, head));

        public void Resolve(long position, TimeSpan now)
        {
            while (_pending.TryPeek(out var sample) && sample.Head <= position)
            {
                Record(_pending.Dequeue().At, now);
            }
        }

        public void GiveUp(TimeSpan now)
        {
            NotReached = _pending.Count;
            while (_pending.TryDequeue(out var sample))
            {
                Record(sample.At, now);
            }
        }

        public override string ToString() => Milliseconds.TotalCount == 0
            ? "no samples"
            : $"p50 {P(50):F2} s, p99 {P(99):F2} s, max {Max:F2} s ({Milliseconds.TotalCount} samples{(NotReached > 0 ? $", {NotReached} never reached" : "")})";

        private void Record(TimeSpan sampledAt, TimeSpan now) => Milliseconds.RecordValue(Math.Max(1, (long)(now - sampledAt).TotalMilliseconds));
    }
}
