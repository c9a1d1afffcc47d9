using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// What each stand sold, per UTC hour of sale, under the vendor the stand had then and with each item's VAT rate as
/// the stand's catalog had it then (the feed holds catalog changes in order with the sales). Festival days and vendors
/// are summed at report time, so a change of <see cref="SettlementOptions"/> needs no rebuild. A refund counts against
/// the stand that sold its charge, in the hour it was given.
/// </summary>
public sealed class SettlementProjection : FeedProjection
{
    private readonly Dictionary<string, string> _standByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _vendorByStand = new(StringComparer.Ordinal);
    private readonly Dictionary<(string StandId, string ItemId), int> _vatByItem = [];
    private readonly Dictionary<(string StandId, string VendorId, DateTimeOffset Hour), SettlementTally> _hours = [];
    private readonly Dictionary<string, (string StandId, string VendorId, long Amount)> _openReview = new(StringComparer.Ordinal);

    public SettlementReport Report(SettlementBy by, DateOnly? day, SettlementOptions options)
    {
        var rows = new SortedDictionary<string, SettlementTally>(StringComparer.Ordinal);
        foreach (var ((standId, vendorId, hour), tally) in _hours)
        {
            if (day is null || options.DayOf(hour) == day)
            {
                Row(rows, by == SettlementBy.Stand ? standId : vendorId).Add(tally);
            }
        }

        foreach (var (standId, vendorId, amount) in _openReview.Values)
        {
            Row(rows, by == SettlementBy.Stand ? standId : vendorId).ReviewOpenAmount += amount;
        }

        var totals = new SettlementTally();
        foreach (var tally in rows.Values)
        {
            totals.Add(tally);
            totals.ReviewOpenAmount += tally.ReviewOpenAmount;
        }

        DateOnly[] days = [.. _hours.Keys.Select(key => options.DayOf(key.Hour)).Distinct().Order()];
        return new SettlementReport(by, day, [.. rows.Select(row => new SettlementRow(row.Key, row.Value.ToFigures()))], totals.ToFigures(), days, Position);
    }

    protected override void Apply(LedgerFact fact)
    {
        switch (fact)
        {
            case DeviceEnrolledFact enrolled:
                _standByDevice[enrolled.DeviceId] = enrolled.StandId;
                break;
            case StandDefinedFact defined:
                _vendorByStand[defined.StandId] = defined.VendorId;
                break;
            case CatalogItemFact { VatBasisPoints: { } vat } item:
                _vatByItem[(item.StandId, item.ItemId)] = vat;
                break;
            case CatalogItemFact removed:
                _vatByItem.Remove((removed.StandId, removed.ItemId));
                break;
            case ChargeFact charge when StandOf(charge.DeviceId) is { } standId:
                Tally(standId, SaleTime.Of(charge)).AddCharge(charge, itemId => _vatByItem.TryGetValue((standId, itemId), out var vat) ? vat : null);
                break;
            case CreditFact { Kind: CreditKind.Refund, ChargeTxId: { } txId } refund
                when Wire.TxId.TryParse(txId, out var deviceId, out _) && StandOf(deviceId) is { } standId:
                Tally(standId, refund.RecordedAt).Refunds += refund.Amount;
                break;
            case ReviewHeldFact held when Wire.TxId.TryParse(held.ReviewId, out var deviceId, out _) && StandOf(deviceId) is { } standId:
                _openReview[held.ReviewId] = (standId, VendorOf(standId), held.Amount);
                break;
            case ReviewDecidedFact decided:
                _openReview.Remove(decided.ReviewId);
                break;
        }
    }

    private string? StandOf(string deviceId) => _standByDevice.GetValueOrDefault(deviceId);

    private string VendorOf(string standId) => _vendorByStand.GetValueOrDefault(standId) ?? ISettlementProjectionGrain.Unassigned;

    private SettlementTally Tally(string standId, DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        var key = (standId, VendorOf(standId), new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero));
        if (!_hours.TryGetValue(key, out var tally))
        {
            _hours[key] = tally = new SettlementTally();
        }

        return tally;
    }

    private static SettlementTally Row(SortedDictionary<string, SettlementTally> rows, string key)
    {
        if (!rows.TryGetValue(key, out var row))
        {
            rows[key] = row = new SettlementTally();
        }

        return row;
    }
}
