namespace FestivalPos.Wire.Contracts;

/// <summary>
/// Sales of one stand in one UTC minute: <see cref="Minute"/> is the minute's start; <see cref="Items"/>, most sold first,
/// from the charges that carried lines (empty when none did).
/// </summary>
public sealed record SalesMinuteEntry(string Minute, long Count, long Amount, SalesItemEntry[] Items);

/// <summary>One item's sales in a minute: quantity and amount (quantity × unit price).</summary>
public sealed record SalesItemEntry(string ItemId, long Quantity, long Amount);

/// <summary>
/// A stand's minutes with sales from <see cref="From"/> to <see cref="To"/>, oldest first; <see cref="ThroughPosition"/> is the
/// ledger feed position the figures are complete through.
/// </summary>
public sealed record SalesReportResponse(string StandId, string From, string To, SalesMinuteEntry[] Minutes, long ThroughPosition);

public sealed record ExposureReportResponse(
    long OutstandingBalance, long OverdrawnWallets, long OverdrawnAmount, long ReviewOpenCount, long ReviewOpenAmount, long ThroughPosition);

/// <summary>One terminal as the ledger saw it; <see cref="Gaps"/> counts the undecided seqs below <see cref="HighestSeq"/>.</summary>
public sealed record DeviceHealthEntry(
    string DeviceId, string StandId, string Status, string? LastSeenAt, long AckedThrough, long HighestSeq, long Gaps, long OfflineCharges);

public sealed record DevicesReportResponse(DeviceHealthEntry[] Devices, long ThroughPosition);

/// <summary>Item sales at one VAT rate (a percentage): their gross, VAT included, and the VAT in it.</summary>
public sealed record VatEntry(decimal Rate, long Gross, long Vat);

/// <summary>What one stand or vendor settles (see the README's settlement section for each figure).</summary>
public sealed record SettlementEntry(
    string Key, long Charges, long GrossSales, long Refunds, long NetSales, long ItemSales, long Deposits, long Tips, long Unitemized,
    long UnknownVatItems, VatEntry[] Vat, long OfflineSales, decimal OfflineShare, long ReviewOpenAmount);

/// <summary>Settlement <c>by</c> stand or vendor for one festival <c>day</c>, or the whole festival (null); the festival days with sales.</summary>
public sealed record SettlementResponse(string By, string? Day, SettlementEntry[] Rows, SettlementEntry Totals, string[] Days, long ThroughPosition);

/// <summary>
/// One anomaly: what tripped (<see cref="Observed"/>) against which <see cref="Threshold"/>, about which terminal, stand or
/// wallet, first at <see cref="At"/> and last at <see cref="LastAt"/> (ledger times), raised at feed <see cref="Position"/>.
/// </summary>
public sealed record AnomalyEntry(
    string Kind, string? DeviceId, string? StandId, string? WalletId, string At, string LastAt, long Observed, long Threshold, long? Usual, int? WindowSeconds, long Position);

/// <summary>The anomalies kept, newest first; <see cref="Raised"/> counts every one raised, including those no longer kept.</summary>
public sealed record AnomaliesReportResponse(AnomalyEntry[] Anomalies, long Raised, long ThroughPosition);
