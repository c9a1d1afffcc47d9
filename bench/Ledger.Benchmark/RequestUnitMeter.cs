using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FestivalPos.Storage;

namespace FestivalPos.Ledger.Benchmark;

/// <summary>
/// Counts the Cosmos DB requests of the silo in this process, and the request units charged for them, by operation,
/// from the <c>festivalpos.storage.cosmos.request_units</c> histogram the backend records: only while measuring.
/// Every request counts (the grains' appends and reads, the feed's batches and the pump's reads), as an account bills them.
/// </summary>
public sealed class RequestUnitMeter : IDisposable
{
    private const string InstrumentName = "festivalpos.storage.cosmos.request_units";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Tally> _byOperation = new();
    private volatile bool _measuring;

    public RequestUnitMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    public bool Measuring
    {
        get => _measuring;
        set => _measuring = value;
    }

    /// <summary>Requests and request units by operation, in operation order.</summary>
    public IReadOnlyList<(string Operation, long Requests, double RequestUnits)> Totals() =>
        [.. _byOperation.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => (entry.Key, entry.Value.Requests, entry.Value.RequestUnits))];

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double requestUnits, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!_measuring)
        {
            return;
        }

        var operation = "other";
        foreach (var tag in tags)
        {
            if (tag.Key == "operation" && tag.Value is string value)
            {
                operation = value;
            }
        }

        _byOperation.GetOrAdd(operation, _ => new Tally()).Add(requestUnits);
    }

    private sealed class Tally
    {
        private long _requests;
        private long _milliRequestUnits;

        public long Requests => Interlocked.Read(ref _requests);

        public double RequestUnits => Interlocked.Read(ref _milliRequestUnits) / 1000.0;

        public void Add(double requestUnits)
        {
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _milliRequestUnits, (long)Math.Round(requestUnits * 1000));
        }
    }
}
