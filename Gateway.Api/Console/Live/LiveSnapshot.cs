namespace FestivalPos.Gateway.Api.Console.Live;

/// <summary>What an open console page shows live: one JSON document per change, sent over server-sent events.</summary>
public sealed record LiveSnapshot(
    string WindowFrom,
    int WindowMinutes,
    StandSales[] Stands,
    int StandsNotCharted,
    TopStand[] TopStands,
    TopItem[] TopItems,
    LiveExposure Exposure,
    FleetRow[] Fleet,
    long ThroughPosition);

/// <summary>A stand's sales in the window, one count and amount per minute from the window's start, oldest first, and its items sold.</summary>
public sealed record StandSales(string StandId, long Count, long Amount, long[] CountPerMinute, long[] AmountPerMinute)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public TopItem[] Items { get; init; } = [];
}

/// <summary>An item sold in the window at a stand, from the sales' lines.</summary>
public sealed record TopItem(string StandId, string ItemId, long Quantity, long Amount);

public sealed record TopStand(string StandId, long Count, long Amount);

public sealed record LiveExposure(long OutstandingBalance, long OverdrawnWallets, long OverdrawnAmount, long ReviewOpenCount, long ReviewOpenAmount);

/// <summary>A terminal's row: <c>level</c> is <c>ok</c>, <c>warning</c> or <c>alert</c> by the configured thresholds.</summary>
public sealed record FleetRow(
    string DeviceId, string StandId, string Status, string? LastSeenAt, long AckedThrough, long HighestSeq, long Lag, long Gaps, long OfflineCharges, string Level);
