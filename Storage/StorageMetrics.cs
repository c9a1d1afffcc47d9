using System.Diagnostics.Metrics;

namespace FestivalPos.Storage;

/// <summary>The ledger storage's own instruments, on the FestivalPos.Storage meter.</summary>
public sealed class StorageMetrics
{
    public const string MeterName = "FestivalPos.Storage";

    private readonly Histogram<double> _requestUnits;

    public StorageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requestUnits = meter.CreateHistogram<double>(
            "festivalpos.storage.cosmos.request_units", "{RU}", "Request units Cosmos DB charged for each request, by operation.");
    }

    /// <summary>One Cosmos DB request: read, query, create, replace or delete.</summary>
    public void CosmosRequestCharged(string operation, double requestUnits) =>
        _requestUnits.Record(requestUnits, new KeyValuePair<string, object?>("operation", operation));
}
