using System.Diagnostics.Metrics;

namespace FestivalPos.Storage;

/// <summary>The ledger storage's own instruments, on the FestivalPos.Storage meter.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "FestivalPos.Storage";

    private readonly Meter _meter;
    private readonly Histogram<double> _requestUnits;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _requestUnits = _meter.CreateHistogram<double>(
            "festivalpos.storage.cosmos.request_units", "{RU}", "Request units Cosmos DB charged for each request, by operation.");
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
