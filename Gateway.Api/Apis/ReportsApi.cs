using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The organizer's live figures, read from the projections of the ledger feed.</summary>
public static class ReportsApi
{
    /// <summary>Anomalies listed when the query names no limit.</summary>
    public const int DefaultAnomalies = 100;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapGet("/sales", Sales).WithName("GetSalesReport")
            .WithSummary("A stand's sales per UTC minute (count and amount, by the terminals' createdAt) from ?from= to ?to=, at most a day.");
        api.MapGet("/exposure", Exposure).WithName("GetExposureReport")
            .WithSummary("Balances held, wallets below zero and by how much, and refused transactions waiting for review.");
        api.MapGet("/devices", Devices).WithName("GetDevicesReport")
            .WithSummary("Every terminal: stand, last seen, ackedThrough, highest seq, gaps and offline charges.");
        api.MapGet("/anomalies", Anomalies).WithName("GetAnomaliesReport")
            .WithSummary("Anomalies, newest first: terminals with many wrong PINs, offline charges far above their stand's usual, wallets charged by many stands in a minute; ?kind= and ?limit=.");
        return app;
    }

    public static async Task<Results<Ok<Wire.Contracts.SalesReportResponse>, ValidationProblem>> Sales(string? standId, string? from, string? to, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("standId", standId)
            .Check(WireTime.TryParse(from, out var start), "from", "'from' must be an RFC 3339 UTC timestamp such as 2026-07-18T21:00:00Z.")
            .Check(WireTime.TryParse(to, out var end), "to", "'to' must be an RFC 3339 UTC timestamp such as 2026-07-18T22:00:00Z.");
        var maxRange = TimeSpan.FromMinutes(ISalesProjectionGrain.MaxReportMinutes);
        if (validator.IsValid)
        {
            validator.Check(start < end && end - start <= maxRange, "to", $"'to' must be after 'from', by at most {maxRange.TotalHours} hours.");
        }

        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var report = await grains.Reference<ISalesProjectionGrain>(LedgerFeedStreams.Key).GetSales(standId!, start, end);
        return TypedResults.Ok(new Wire.Contracts.SalesReportResponse(
            standId!, WireTime.Format(start), WireTime.Format(end),
            [.. report.Minutes.Select(minute => new Wire.Contracts.SalesMinuteEntry(WireTime.Format(minute.Minute), minute.Count, minute.Amount,
                [.. (minute.Items ?? []).Select(item => new Wire.Contracts.SalesItemEntry(item.ItemId, item.Quantity, item.Amount))]))],
            report.ThroughPosition));
    }

    public static async Task<Ok<Wire.Contracts.ExposureReportResponse>> Exposure(IGrainFactory grains)
    {
        var report = await grains.Reference<IExposureProjectionGrain>(LedgerFeedStreams.Key).GetExposure();
        return TypedResults.Ok(new Wire.Contracts.ExposureReportResponse(
            report.OutstandingBalance, report.OverdrawnWallets, report.OverdrawnAmount, report.ReviewOpenCount, report.ReviewOpenAmount, report.ThroughPosition));
    }

    public static async Task<Ok<Wire.Contracts.DevicesReportResponse>> Devices(IGrainFactory grains)
    {
        var report = await grains.Reference<IDeviceHealthProjectionGrain>(LedgerFeedStreams.Key).GetDevices();
        return TypedResults.Ok(new Wire.Contracts.DevicesReportResponse([.. report.Devices.Select(ToEntry)], report.ThroughPosition));
    }

    public static async Task<Results<Ok<Wire.Contracts.AnomaliesReportResponse>, ValidationProblem>> Anomalies(string? kind, int? limit, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Check(kind is null || Names.AnomalyKinds.ContainsKey(kind), "kind", $"'kind' must be one of {string.Join(", ", Names.AnomalyKinds.Keys)}.")
            .Check(limit is null or >= 1 and <= IAnomalyProjectionGrain.MaxReportAnomalies, "limit", $"'limit' must be from 1 to {IAnomalyProjectionGrain.MaxReportAnomalies}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var report = await grains.Reference<IAnomalyProjectionGrain>(LedgerFeedStreams.Key)
            .GetAnomalies(kind is null ? null : Names.AnomalyKinds[kind], limit ?? DefaultAnomalies);
        return TypedResults.Ok(new Wire.Contracts.AnomaliesReportResponse([.. report.Anomalies.Select(ToEntry)], report.Raised, report.ThroughPosition));
    }

    private static Wire.Contracts.AnomalyEntry ToEntry(Anomaly anomaly) => new(
        Names.Of(anomaly.Kind), anomaly.DeviceId, anomaly.StandId, anomaly.WalletId, WireTime.Format(anomaly.At), WireTime.Format(anomaly.LastAt),
        anomaly.Observed, anomaly.Threshold, anomaly.Usual, anomaly.WindowSeconds, anomaly.Position);

    private static Wire.Contracts.DeviceHealthEntry ToEntry(DeviceHealth device) => new(
        device.DeviceId, device.StandId, Names.Of(device.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active),
        device.LastSeenAt is { } seen ? WireTime.Format(seen) : null, device.AckedThrough, device.HighestSeq, device.Gaps, device.OfflineCharges);
}
