namespace FestivalPos.Grains.Interfaces.Reports;

/// <summary>
/// A projection of the ledger feed (key <see cref="Feed.LedgerFeedStreams.Key"/>): it applies each feed position once,
/// from the feed stream, and reads what the stream skipped from the feed itself.
/// </summary>
[Alias("FestivalPos.IFeedProjectionGrain")]
public interface IFeedProjectionGrain : IGrainWithStringKey
{
    /// <summary>Applies the feed up to its head now; answers the position applied through.</summary>
    [Alias("CatchUp")]
    Task<long> CatchUp();

    /// <summary>Forgets everything and applies the feed again from position 0; answers the position applied through.</summary>
    [Alias("Rebuild")]
    Task<long> Rebuild();
}

[Alias("FestivalPos.ISalesProjectionGrain")]
public interface ISalesProjectionGrain : IFeedProjectionGrain
{
    /// <summary>Most minutes one report covers.</summary>
    public const int MaxReportMinutes = 24 * 60;

    /// <summary>The stand's minutes with sales from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), oldest first.</summary>
    [Alias("GetSales")]
    Task<SalesReport> GetSales(string standId, DateTimeOffset from, DateTimeOffset to);
}

[Alias("FestivalPos.IExposureProjectionGrain")]
public interface IExposureProjectionGrain : IFeedProjectionGrain
{
    [Alias("GetExposure")]
    Task<ExposureReport> GetExposure();
}

[Alias("FestivalPos.IDeviceHealthProjectionGrain")]
public interface IDeviceHealthProjectionGrain : IFeedProjectionGrain
{
    [Alias("GetDevices")]
    Task<DeviceHealthReport> GetDevices();
}

[Alias("FestivalPos.IAnomalyProjectionGrain")]
public interface IAnomalyProjectionGrain : IFeedProjectionGrain
{
    /// <summary>Most anomalies one report lists.</summary>
    public const int MaxReportAnomalies = 1000;

    /// <summary>The newest <paramref name="limit"/> anomalies kept, of <paramref name="kind"/> when given, newest first.</summary>
    [Alias("GetAnomalies")]
    Task<AnomalyReport> GetAnomalies(AnomalyKind? kind, int limit);
}
