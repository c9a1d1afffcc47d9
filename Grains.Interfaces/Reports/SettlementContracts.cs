namespace FestivalPos.Grains.Interfaces.Reports;

[GenerateSerializer, Alias("FestivalPos.SettlementBy")]
public enum SettlementBy
{
    Stand = 0,
    Vendor = 1,
}

/// <summary>Item sales at one VAT rate (basis points; 2100 = 21 %): their gross, VAT included, and the VAT in it.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.VatBucket")]
public sealed record VatBucket(
    [property: Id(0)] int VatBasisPoints,
    [property: Id(1)] long Gross,
    [property: Id(2)] long Vat);

/// <summary>
/// What a stand or vendor settles, in minor units. <see cref="GrossSales"/> is every charge it sold, split by the
/// charges' lines into <see cref="ItemSales"/>, <see cref="Deposits"/> and <see cref="Tips"/>, and <see cref="Unitemized"/>
/// for charges sold by amount; <see cref="NetSales"/> is gross less <see cref="Refunds"/>. <see cref="Vat"/> splits the
/// item sales by rate; <see cref="UnknownVatItems"/> are item sales whose item the stand's catalog did not hold.
/// <see cref="ReviewOpenAmount"/> is what its terminals sold offline that waits for an organizer's review now.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.SettlementFigures")]
public sealed record SettlementFigures(
    [property: Id(0)] long Charges,
    [property: Id(1)] long GrossSales,
    [property: Id(2)] long Refunds,
    [property: Id(3)] long NetSales,
    [property: Id(4)] long ItemSales,
    [property: Id(5)] long Deposits,
    [property: Id(6)] long Tips,
    [property: Id(7)] long Unitemized,
    [property: Id(8)] long UnknownVatItems,
    [property: Id(9)] VatBucket[] Vat,
    [property: Id(10)] long OfflineSales,
    [property: Id(11)] long ReviewOpenAmount);

[GenerateSerializer, Immutable, Alias("FestivalPos.SettlementRow")]
public sealed record SettlementRow(
    [property: Id(0)] string Key,
    [property: Id(1)] SettlementFigures Figures);

/// <summary>
/// Settlement by stand or vendor for one festival day (<see cref="Day"/>), or for the whole festival (null); the
/// festival days with sales; and the feed position the figures are complete through.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.SettlementReport")]
public sealed record SettlementReport(
    [property: Id(0)] SettlementBy By,
    [property: Id(1)] DateOnly? Day,
    [property: Id(2)] SettlementRow[] Rows,
    [property: Id(3)] SettlementFigures Totals,
    [property: Id(4)] DateOnly[] Days,
    [property: Id(5)] long ThroughPosition);

[Alias("FestivalPos.ISettlementProjectionGrain")]
public interface ISettlementProjectionGrain : IFeedProjectionGrain
{
    /// <summary>A stand or vendor whose stand nobody defined settles under this key.</summary>
    const string Unassigned = "unassigned";

    [Alias("GetSettlement")]
    Task<SettlementReport> GetSettlement(SettlementBy by, DateOnly? day);
}
