namespace FestivalPos.Grains.Reports;

/// <summary>
/// <c>Settlement:TimeZone</c> (IANA, default UTC) and <c>Settlement:DayStartHour</c> (default 6): a festival day runs
/// from that local hour to the same hour the next day, so the bar's 2 a.m. sales belong to the night they were made.
/// </summary>
public sealed class SettlementOptions
{
    public const string SectionName = "Settlement";

    public string TimeZone { get; set; } = "UTC";

    public int DayStartHour { get; set; } = 6;

    public bool IsValid => DayStartHour is >= 0 and <= 23 && TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _);

    /// <summary>The festival day of an instant.</summary>
    public DateOnly DayOf(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        return DateOnly.FromDateTime(local.AddHours(-DayStartHour).DateTime);
    }
}
