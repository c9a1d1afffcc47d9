namespace FestivalPos.Grains.Interfaces.Reports;

/// <summary>
/// Sales of one stand in one UTC minute (by the terminals' <c>createdAt</c>); <see cref="Items"/>, by item id, from the
/// lines of the charges that carried them (null when none did).
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.SalesMinute")]
public sealed record SalesMinute(
    [property: Id(0)] DateTimeOffset Minute,
    [property: Id(1)] long Count,
    [property: Id(2)] long Amount,
    [property: Id(3)] ItemSales[]? Items = null);

/// <summary>One item's sales in a minute: how many, and for how much (quantity × unit price).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ItemSales")]
public sealed record ItemSales(
    [property: Id(0)] string ItemId,
    [property: Id(1)] long Quantity,
    [property: Id(2)] long Amount);

/// <summary>The minutes with sales in a range, and the feed position the figures are complete through.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.SalesReport")]
public sealed record SalesReport(
    [property: Id(0)] SalesMinute[] Minutes,
    [property: Id(1)] long ThroughPosition);

/// <summary>What the festival owes and is owed: balances held, wallets below zero, transactions waiting for review.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ExposureReport")]
public sealed record ExposureReport(
    [property: Id(0)] long OutstandingBalance,
    [property: Id(1)] long OverdrawnWallets,
    [property: Id(2)] long OverdrawnAmount,
    [property: Id(3)] long ReviewOpenCount,
    [property: Id(4)] long ReviewOpenAmount,
    [property: Id(5)] long ThroughPosition);

/// <summary>One terminal as the ledger saw it.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.DeviceHealth")]
public sealed record DeviceHealth(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string StandId,
    [property: Id(2)] bool Revoked,
    [property: Id(3)] DateTimeOffset? LastSeenAt,
    [property: Id(4)] long AckedThrough,
    [property: Id(5)] long HighestSeq,
    [property: Id(6)] long Gaps,
    [property: Id(7)] long OfflineCharges);

[GenerateSerializer, Immutable, Alias("FestivalPos.DeviceHealthReport")]
public sealed record DeviceHealthReport(
    [property: Id(0)] DeviceHealth[] Devices,
    [property: Id(1)] long ThroughPosition);
