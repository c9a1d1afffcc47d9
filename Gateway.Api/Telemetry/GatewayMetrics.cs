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

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _charges = meter.CreateCounter<long>("festivalpos.gateway.charges", "{charge}", "Online charges answered, by status.");
        _declines = meter.CreateCounter<long>("festivalpos.gateway.declines", "{charge}", "Online charges declined, by reason.");
        _duplicates = meter.CreateCounter<long>("festivalpos.gateway.duplicates", "{request}", "Repeated charges, offline transactions and top-ups answered from the record.");
        _offline = meter.CreateCounter<long>("festivalpos.gateway.offline_transactions", "{transaction}", "Offline transactions synced, by status.");
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

    public void Duplicate(string kind) => _duplicates.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
