using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Storage.Feed;

namespace FestivalPos.Grains.Reports;

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class SalesProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<SalesProjection>(feed, metrics), ISalesProjectionGrain
{
    public Task<SalesReport> GetSales(string standId, DateTimeOffset from, DateTimeOffset to) => Task.FromResult(Projection.Report(standId, from, to));
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class ExposureProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<ExposureProjection>(feed, metrics), IExposureProjectionGrain
{
    public Task<ExposureReport> GetExposure() => Task.FromResult(Projection.Report());
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class DeviceHealthProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<DeviceHealthProjection>(feed, metrics), IDeviceHealthProjectionGrain
{
    private readonly FeedMetrics _metrics = metrics;

    public Task<DeviceHealthReport> GetDevices() => Task.FromResult(Projection.Report());

    protected override void Applied()
    {
        base.Applied();
        _metrics.DevicesSynced(Projection.SyncLag());
    }

    /// <summary>The silo that activates this projection next reports the terminals' lag; this one stops.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _metrics.DevicesSynced(null);
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class SettlementProjectionGrain(ILedgerFeed feed, FeedMetrics metrics, Microsoft.Extensions.Options.IOptions<SettlementOptions> options)
    : FeedProjectionGrain<SettlementProjection>(feed, metrics), ISettlementProjectionGrain
{
    public Task<SettlementReport> GetSettlement(SettlementBy by, DateOnly? day) => Task.FromResult(Projection.Report(by, day, options.Value));
}
