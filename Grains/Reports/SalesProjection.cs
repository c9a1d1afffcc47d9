using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// Charges per stand per UTC minute, count and amount, and per item from the charges' lines. A charge counts in the minute of its <c>createdAt</c>, when the
/// terminal sold it, so an offline sale synced an hour later lands in the minute it was made. A device's stand is
/// known from its enrollment, which the feed always holds before the device's first charge.
/// </summary>
public sealed class SalesProjection : FeedProjection
{
    private readonly Dictionary<string, string> _standByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, MinuteSales>> _minutesByStand = new(StringComparer.Ordinal);

    public SalesReport Report(string standId, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_minutesByStand.TryGetValue(standId, out var minutes))
        {
            return new SalesReport([], Position);
        }

        return new SalesReport(
            [.. minutes.Where(minute => minute.Key >= from && minute.Key < to).Select(minute => minute.Value.ToMinute(minute.Key))],
            Position);
    }

    /// <summary>Every stand's totals, for checks against the ledger.</summary>
    public IReadOnlyDictionary<string, (long Count, long Amount)> Totals() =>
        _minutesByStand.ToDictionary(stand => stand.Key, stand => (stand.Value.Values.Sum(m => m.Count), stand.Value.Values.Sum(m => m.Amount)));

    protected override void Apply(LedgerFact fact)
    {
        switch (fact)
        {
            case DeviceEnrolledFact enrolled:
                _standByDevice[enrolled.DeviceId] = enrolled.StandId;
                break;
            case ChargeFact charge when _standByDevice.TryGetValue(charge.DeviceId, out var standId):
                var minute = MinuteOf(charge);
                if (!_minutesByStand.TryGetValue(standId, out var minutes))
                {
                    _minutesByStand[standId] = minutes = [];
                }

                if (!minutes.TryGetValue(minute, out var sales))
                {
                    minutes[minute] = sales = new MinuteSales();
                }

                sales.Add(charge);
                break;
        }
    }

    private static DateTimeOffset MinuteOf(ChargeFact charge)
    {
        var soldAt = SaleTime.Of(charge);
        return new DateTimeOffset(soldAt.Year, soldAt.Month, soldAt.Day, soldAt.Hour, soldAt.Minute, 0, TimeSpan.Zero);
    }

    /// <summary>One stand's sales in one minute.</summary>
    private sealed class MinuteSales
    {
        private Dictionary<string, (long Quantity, long Amount)>? _items;

        public long Count { get; private set; }

        public long Amount { get; private set; }

        public void Add(ChargeFact charge)
        {
            Count++;
            Amount += charge.Amount;
            foreach (var line in charge.Lines ?? [])
            {
                if (line is { Kind: Interfaces.Wallets.LineKind.Item, ItemId: { } itemId })
                {
                    _items ??= new(StringComparer.Ordinal);
                    var (quantity, amount) = _items.GetValueOrDefault(itemId);
                    _items[itemId] = (quantity + line.Quantity, amount + line.Total);
                }
            }
        }

        public SalesMinute ToMinute(DateTimeOffset minute) => new(minute, Count, Amount, _items is null ? null
            : [.. _items.OrderByDescending(item => item.Value.Quantity).ThenBy(item => item.Key, StringComparer.Ordinal)
                .Select(item => new ItemSales(item.Key, item.Value.Quantity, item.Value.Amount))]);
    }
}
