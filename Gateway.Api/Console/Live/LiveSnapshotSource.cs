using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Wire;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Console.Live;

/// <summary>
/// Reads the projections at most once per <see cref="ConsoleOptions.RefreshMilliseconds"/> for every open console
/// page together: the work per second is one read of each projection and one sales report per stand, however many
/// pages are open.
/// </summary>
public sealed class LiveSnapshotSource(IGrainFactory grains, IOptions<ConsoleOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Task<LiveSnapshot>? _reading;
    private long _readAt;

    public Task<LiveSnapshot> GetAsync()
    {
        lock (_gate)
        {
            if (_reading is null || _reading.IsFaulted || (_reading.IsCompleted && time.GetElapsedTime(_readAt).TotalMilliseconds >= options.Value.RefreshMilliseconds))
            {
                _readAt = time.GetTimestamp();
                _reading = ReadAsync();
            }

            return _reading;
        }
    }

    private async Task<LiveSnapshot> ReadAsync()
    {
        var console = options.Value;
        var now = time.GetUtcNow();
        var to = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(1);
        var from = to.AddMinutes(-console.SalesWindowMinutes);
        var devicesTask = grains.Reference<IDeviceHealthProjectionGrain>(LedgerFeedStreams.Key).GetDevices();
        var exposure = await grains.Reference<IExposureProjectionGrain>(LedgerFeedStreams.Key).GetExposure();
        var devices = await devicesTask;
        var standIds = devices.Devices.Select(device => device.StandId).Where(stand => stand.Length > 0).Distinct(StringComparer.Ordinal);
        var sales = grains.Reference<ISalesProjectionGrain>(LedgerFeedStreams.Key);
        var stands = await Task.WhenAll(standIds.Select(async stand => ToStandSales(stand, await sales.GetSales(stand, from, to), from, console.SalesWindowMinutes)));
        var ranked = stands.OrderByDescending(stand => stand.Amount).ThenBy(stand => stand.StandId, StringComparer.Ordinal).ToArray();
        var charted = ranked.Take(console.MaxChartedStands).ToArray();
        return new LiveSnapshot(
            WireTime.Format(from),
            console.SalesWindowMinutes,
            charted,
            ranked.Length - charted.Length,
            [.. ranked.Where(stand => stand.Count > 0).Take(console.TopStands).Select(stand => new TopStand(stand.StandId, stand.Count, stand.Amount))],
            [.. ranked.SelectMany(stand => stand.Items).OrderByDescending(item => item.Quantity).ThenByDescending(item => item.Amount).Take(console.TopItems)],
            new LiveExposure(exposure.OutstandingBalance, exposure.OverdrawnWallets, exposure.OverdrawnAmount, exposure.ReviewOpenCount, exposure.ReviewOpenAmount),
            [.. devices.Devices.Select(device => ToRow(device, console.Fleet, now))],
            Math.Min(devices.ThroughPosition, exposure.ThroughPosition));
    }

    private static StandSales ToStandSales(string standId, SalesReport report, DateTimeOffset from, int minutes)
    {
        var counts = new long[minutes];
        var amounts = new long[minutes];
        var items = new Dictionary<string, (long Quantity, long Amount)>(StringComparer.Ordinal);
        foreach (var minute in report.Minutes)
        {
            var index = (int)(minute.Minute - from).TotalMinutes;
            if (index >= 0 && index < minutes)
            {
                counts[index] += minute.Count;
                amounts[index] += minute.Amount;
                foreach (var item in minute.Items ?? [])
                {
                    var (quantity, amount) = items.GetValueOrDefault(item.ItemId);
                    items[item.ItemId] = (quantity + item.Quantity, amount + item.Amount);
                }
            }
        }

        return new StandSales(standId, counts.Sum(), amounts.Sum(), counts, amounts)
        {
            Items = [.. items.Select(item => new TopItem(standId, item.Key, item.Value.Quantity, item.Value.Amount))],
        };
    }

    private static FleetRow ToRow(DeviceHealth device, FleetThresholds thresholds, DateTimeOffset now) => new(
        device.DeviceId, device.StandId, Names.Of(device.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active),
        device.LastSeenAt is { } seen ? WireTime.Format(seen) : null, device.AckedThrough, device.HighestSeq, FleetLevels.LagOf(device),
        device.Gaps, device.OfflineCharges, FleetLevels.Of(device, thresholds, now));
}
