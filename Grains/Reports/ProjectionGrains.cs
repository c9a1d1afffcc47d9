using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Storage.Feed;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Reports;

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class SalesProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<SalesProjection>(feed, metrics, () => new()), ISalesProjectionGrain
{
    public Task<SalesReport> GetSales(string standId, DateTimeOffset from, DateTimeOffset to) => Task.FromResult(Projection.Report(standId, from, to));
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class ExposureProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<ExposureProjection>(feed, metrics, () => new()), IExposureProjectionGrain
{
    public Task<ExposureReport> GetExposure() => Task.FromResult(Projection.Report());
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class DeviceHealthProjectionGrain(ILedgerFeed feed, FeedMetrics metrics)
    : FeedProjectionGrain<DeviceHealthProjection>(feed, metrics, () => new()), IDeviceHealthProjectionGrain
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
public sealed class SettlementProjectionGrain(ILedgerFeed feed, FeedMetrics metrics, IOptions<SettlementOptions> options)
    : FeedProjectionGrain<SettlementProjection>(feed, metrics, () => new()), ISettlementProjectionGrain
{
    public Task<SettlementReport> GetSettlement(SettlementBy by, DateOnly? day) => Task.FromResult(Projection.Report(by, day, options.Value));
}

[ImplicitStreamSubscription(LedgerFeedStreams.Namespace)]
public sealed class AnomalyProjectionGrain(ILedgerFeed feed, FeedMetrics metrics, IOptions<AnomalyOptions> options)
    : FeedProjectionGrain<AnomalyProjection>(feed, metrics, () => new(options.Value)), IAnomalyProjectionGrain
{
    public Task<AnomalyReport> GetAnomalies(AnomalyKind? kind, int limit) => Task.FromResult(Projection.Report(kind, limit));
}
