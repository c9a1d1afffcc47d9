using System.Globalization;
using FestivalPos.Grains.Interfaces.Feed;

namespace FestivalPos.Grains.Reports;

public static class SaleTime
{
    /// <summary>When the terminal sold it (its <c>createdAt</c>); the recording time for one the ledger could not read (it checks them on the way in).</summary>
    public static DateTimeOffset Of(ChargeFact charge) =>
        DateTimeOffset.TryParse(charge.CreatedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : charge.RecordedAt.ToUniversalTime();
}
