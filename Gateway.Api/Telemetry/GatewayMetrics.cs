using System.Diagnostics.Metrics;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Gateway.Api.Telemetry;

/// <summary>The gateway's own counters, on the FestivalPos.Gateway meter.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "FestivalPos.Gateway";

    private readonly Counter<long> _charges;
    private readonly Counter<long> _declines;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _offline;
    private readonly Counter<long> _secretIterations;
    private readonly Counter<long> _tokenRequests;
    private readonly Counter<long> _batchesRefused;
    private readonly Histogram<double> _offlineAge;
    private readonly TimeProvider _time;

    /// <summary>Bucket bounds of the offline transaction age, in seconds: from a quick sync to an outage of hours.</summary>
    private static readonly double[] OfflineAgeBucketsSeconds = [1, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800];

    public GatewayMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        _time = time;
        var meter = meterFactory.Create(MeterName);
        _charges = meter.CreateCounter<long>("festivalpos.gateway.charges", "{charge}", "Online charges answered, by status.");
        _declines = meter.CreateCounter<long>("festivalpos.gateway.declines", "{charge}", "Online charges declined, by reason.");
        _duplicates = meter.CreateCounter<long>("festivalpos.gateway.duplicates", "{request}", "Repeated charges, offline transactions and top-ups answered from the record.");
        _offline = meter.CreateCounter<long>("festivalpos.gateway.offline_transactions", "{transaction}", "Offline transactions synced, by status.");
        _secretIterations = meter.CreateCounter<long>("festivalpos.gateway.secret_hash_iterations", "{iteration}", "PBKDF2 iterations spent checking client secrets.");
        _tokenRequests = meter.CreateCounter<long>("festivalpos.gateway.token_requests", "{request}", "Token requests answered, by outcome.");
        _batchesRefused = meter.CreateCounter<long>("festivalpos.gateway.batches_refused", "{batch}", "Offline batches refused before the cluster, by reason.");
        _offlineAge = meter.CreateHistogram("festivalpos.gateway.offline_transaction_age", "s",
            "How long before it was applied an offline transaction was sold (its createdAt, by the terminal's clock).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OfflineAgeBucketsSeconds });
    }

    public void Charged(ChargeResult result, string status, string? reason)
    {
        _charges.Add(1, new KeyValuePair<string, object?>("status", status));
        if (reason is not null)
        {
            _declines.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }

        if (result.Duplicate)
        {
            Duplicate("charge");
        }
    }

    public void Offline(string status, string? reason)
    {
        _offline.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("reason", reason ?? "none"));
        if (status == "duplicate")
        {
            Duplicate("offline");
        }
    }

    /// <summary>An offline transaction applied now that the terminal sold at <paramref name="createdAt"/>: how long it waited in the terminal's outbox.</summary>
    public void OfflineApplied(string createdAt)
    {
        if (Wire.WireTime.TryParse(createdAt, out var soldAt))
        {
            // A terminal's clock ahead of the server's makes the age negative: counted as none.
            _offlineAge.Record(Math.Max(0, (_time.GetUtcNow() - soldAt).TotalSeconds));
        }
    }

    public void SecretHashed(int iterations) => _secretIterations.Add(iterations);

    /// <summary>One token request's outcome: issued, invalid-client, backing-off or busy.</summary>
    public void TokenRequest(string outcome) => _tokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>One offline batch refused in the gateway: batch-in-flight, offline-rate-limited or cluster-busy.</summary>
    public void BatchRefused(string reason) => _batchesRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Duplicate(string kind) => _duplicates.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
