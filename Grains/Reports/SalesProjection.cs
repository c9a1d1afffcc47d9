using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// Charges per stand per UTC minute, count and amount. A charge counts in the minute of its <c>createdAt</c>, when the
/// terminal sold it, so an offline sale synced an hour later lands in the minute it was made. A device's stand is
/// known from its enrollment, which the feed always holds before the device's first charge.
/// </summary>
public sealed class SalesProjection : FeedProjection
{
    private readonly Dictionary<string, string> _standByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, (long Count, long Amount)>> _minutesByStand = new(StringComparer.Ordinal);

    public SalesReport Report(string standId, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_minutesByStand.TryGetValue(standId, out var minutes))
        {
            return new SalesReport([], Position);
        }

        return new SalesReport(
            [.. minutes.Where(minute => minute.Key >= from && minute.Key < to).Select(minute => new SalesMinute(minute.Key, minute.Value.Count, minute.Value.Amount))],
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

                var (count, amount) = minutes.GetValueOrDefault(minute);
                minutes[minute] = (count + 1, amount + charge.Amount);
                break;
        }
    }

    private static DateTimeOffset MinuteOf(ChargeFact charge)
    {
        var soldAt = SaleTime.Of(charge);
        return new DateTimeOffset(soldAt.Year, soldAt.Month, soldAt.Day, soldAt.Hour, soldAt.Minute, 0, TimeSpan.Zero);
    }
}
