using System.Globalization;
using System.Text;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Wire.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Settlement per stand or vendor, per festival day or for the festival, as JSON and as CSV for the accountant; the
/// same figures in both, read from the settlement projection of the ledger feed.
/// </summary>
public static class SettlementApi
{
    public const string CsvMediaType = "text/csv";

    public static IEndpointRouteBuilder MapSettlementApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapGet("/settlement", Json).WithName("GetSettlement")
            .WithSummary("Settlement ?by=stand|vendor, for the festival day ?day=YYYY-MM-DD or the whole festival: sales, refunds, deposits, tips, VAT per rate, offline share, open review.");
        api.MapGet("/settlement.csv", Csv).WithName("GetSettlementCsv").Produces<string>(StatusCodes.Status200OK, CsvMediaType)
            .WithSummary("The same settlement as CSV, one row per stand or vendor and a last row of totals.");
        return app;
    }

    public static async Task<Results<Ok<SettlementResponse>, ValidationProblem>> Json(string? by, string? day, IGrainFactory grains)
    {
        var (validator, settleBy, festivalDay) = Parse(by, day);
        return validator.IsValid ? TypedResults.Ok(await ReadAsync(settleBy, festivalDay, grains)) : validator.Problem();
    }

    public static async Task<Results<ContentHttpResult, ValidationProblem>> Csv(string? by, string? day, IGrainFactory grains)
    {
        var (validator, settleBy, festivalDay) = Parse(by, day);
        return validator.IsValid ? TypedResults.Content(ToCsv(await ReadAsync(settleBy, festivalDay, grains)), CsvMediaType, Encoding.UTF8) : validator.Problem();
    }

    private static async Task<SettlementResponse> ReadAsync(SettlementBy by, DateOnly? day, IGrainFactory grains)
    {
        var report = await grains.Reference<ISettlementProjectionGrain>(LedgerFeedStreams.Key).GetSettlement(by, day);
        return new SettlementResponse(
            by == SettlementBy.Stand ? "stand" : "vendor",
            report.Day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. report.Rows.Select(row => ToEntry(row.Key, row.Figures))],
            ToEntry("total", report.Totals),
            [.. report.Days.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
            report.ThroughPosition);
    }

    private static (RequestValidator Validator, SettlementBy By, DateOnly? Day) Parse(string? by, string? day)
    {
        DateOnly parsed = default;
        var validator = new RequestValidator()
            .Check(by is "stand" or "vendor", "by", "'by' must be stand or vendor.")
            .Check(day is null || DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed), "day",
                "'day' must be a festival day such as 2026-07-18, or left out for the whole festival.");
        return (validator, by == "vendor" ? SettlementBy.Vendor : SettlementBy.Stand, day is null ? null : parsed);
    }

    private static SettlementEntry ToEntry(string key, SettlementFigures figures) => new(
        key, figures.Charges, figures.GrossSales, figures.Refunds, figures.NetSales, figures.ItemSales, figures.Deposits, figures.Tips,
        figures.Unitemized, figures.UnknownVatItems, [.. figures.Vat.Select(v => new VatEntry(v.VatBasisPoints / 100m, v.Gross, v.Vat))],
        figures.OfflineSales, figures.GrossSales == 0 ? 0 : Math.Round((decimal)figures.OfflineSales / figures.GrossSales, 4, MidpointRounding.AwayFromZero),
        figures.ReviewOpenAmount);

    /// <summary>One row per stand or vendor and a total; a gross and a VAT column per rate found in the report.</summary>
    public static string ToCsv(SettlementResponse report)
    {
        decimal[] rates = [.. report.Totals.Vat.Select(v => v.Rate).Order()];
        var csv = new StringBuilder();
        csv.Append(report.By).Append(",day,charges,grossSales,refunds,netSales,itemSales,deposits,tips,unitemized,unknownVatItems,offlineSales,offlineShare,reviewOpenAmount");
        foreach (var rate in rates)
        {
            csv.Append(CultureInfo.InvariantCulture, $",vat{rate:0.##}Gross,vat{rate:0.##}");
        }

        csv.Append("\r\n");
        foreach (var row in report.Rows.Append(report.Totals))
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{Quote(row.Key)},{report.Day ?? "festival"},{row.Charges},{row.GrossSales},{row.Refunds},{row.NetSales},{row.ItemSales},{row.Deposits},{row.Tips},{row.Unitemized},{row.UnknownVatItems},{row.OfflineSales},{row.OfflineShare},{row.ReviewOpenAmount}");
            foreach (var rate in rates)
            {
                var bucket = row.Vat.FirstOrDefault(v => v.Rate == rate);
                csv.Append(CultureInfo.InvariantCulture, $",{bucket?.Gross ?? 0},{bucket?.Vat ?? 0}");
            }

            csv.Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Ids hold no comma or quote; quoting anyway keeps a spreadsheet from reading an id such as 1-2 as a date.</summary>
    private static string Quote(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
