using System.Diagnostics.Metrics;

namespace FestivalPos.Storage;

/// <summary>The ledger storage's own instruments, on the FestivalPos.Storage meter.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "FestivalPos.Storage";

    private readonly Meter _meter;
    private readonly Histogram<double> _requestUnits;
    private readonly Histogram<double> _appendDuration;

    /// <summary>Bucket bounds of an append's duration, in seconds: from a local fsync to a throttled cloud database.</summary>
    private static readonly double[] AppendDurationBucketsSeconds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public StorageMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _requestUnits = _meter.CreateHistogram<double>(
            "festivalpos.storage.cosmos.request_units", "{RU}", "Request units Cosmos DB charged for each request, by operation.");
        _appendDuration = _meter.CreateHistogram(
            "festivalpos.storage.append_duration", "s", "How long a ledger append took to commit, its wait for the group commit included, by backend.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AppendDurationBucketsSeconds });
    }

    /// <summary>What records each committed append's duration for <paramref name="backend"/> (the backend tag: sqlite, postgresql, cosmos).</summary>
    public Action<TimeSpan> AppendCommittedIn(LedgerStorageProvider backend)
    {
        var tag = new KeyValuePair<string, object?>("backend", backend.ToString().ToLowerInvariant());
        return duration => _appendDuration.Record(duration.TotalSeconds, tag);
    }

    /// <summary>The commits of the store the grains append through: appends per transaction is how well group commit works.</summary>
    public void ObserveCommits(GroupCommitEventStore store)
    {
        _meter.CreateObservableCounter("festivalpos.storage.commits", () => store.CommitCount, "{transaction}", "Ledger database transactions committed.");
        _meter.CreateObservableCounter("festivalpos.storage.appends", () => store.AppendCount, "{append}", "Stream appends committed, many to a transaction under load.");
    }

    /// <summary>One Cosmos DB request: read, query, create, replace or delete.</summary>
    public void CosmosRequestCharged(string operation, double requestUnits) =>
        _requestUnits.Record(requestUnits, new KeyValuePair<string, object?>("operation", operation));
}
