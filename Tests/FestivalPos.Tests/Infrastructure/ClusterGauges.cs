using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>
/// The whole-number gauges of one meter of a cluster's silos (not those of clusters other tests run at the same
/// time), read now and summed over the silos: a figure only the silo hosting its grain reports is the cluster's.
/// </summary>
public sealed class ClusterGauges : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _values = [];

    public ClusterGauges(InProcessTestCluster cluster, string meterName)
    {
        var factories = cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IMeterFactory>()).ToHashSet();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument.Meter.Scope is IMeterFactory factory && factories.Contains(factory)
                && instrument is ObservableGauge<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _values[instrument.Name] = _values.GetValueOrDefault(instrument.Name) + value);
        _listener.Start();
    }

    /// <summary>Each gauge's sum over the silos; a gauge no silo reports is absent.</summary>
    public IReadOnlyDictionary<string, long> Read()
    {
        lock (_values)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return new Dictionary<string, long>(_values);
        }
    }

    public void Dispose() => _listener.Dispose();
}
