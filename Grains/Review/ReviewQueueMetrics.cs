using System.Diagnostics.Metrics;

namespace FestivalPos.Grains.Review;

/// <summary>The review queue's size on the FestivalPos.Review meter: entries waiting for an organizer, and their amount.</summary>
public sealed class ReviewQueueMetrics
{
    public const string MeterName = "FestivalPos.Review";

    private OpenReviews? _open;

    public ReviewQueueMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("festivalpos.review.open_entries", () => Figure(open => open.Entries), "{entry}",
            "Refused offline transactions waiting for an organizer's approval or dismissal.");
        meter.CreateObservableGauge("festivalpos.review.open_amount", () => Figure(open => open.Amount), "{credit}",
            "The sum of the amounts of the entries waiting for review, in the festival currency's smallest unit.");
    }

    /// <summary>The queue grain of this silo changed; null when it left this silo.</summary>
    public void Observed(OpenReviews? open) => Volatile.Write(ref _open, open);

    /// <summary>Reported by the silo hosting the queue only, so a sum or max over silos is the festival's.</summary>
    private IEnumerable<Measurement<long>> Figure(Func<OpenReviews, long> figure) =>
        Volatile.Read(ref _open) is { } open ? [new Measurement<long>(figure(open))] : [];
}

/// <summary>What waits for review: entries still pending and the sum of their amounts.</summary>
public sealed record OpenReviews(long Entries, long Amount);
