using FestivalPos.Grains.Interfaces.Feed;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// A view folded from the ledger feed that applies each position once: it keeps the last position applied and ignores
/// facts at or below it, so a batch published again (the pump restarted, a duplicate activation) changes nothing.
/// </summary>
public abstract class FeedProjection
{
    /// <summary>The feed position this view is complete through.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// Applies the batch's facts above <see cref="Position"/>. Answers false, applying nothing, when the batch starts
    /// beyond <see cref="Position"/>: the entries in between must be applied first.
    /// </summary>
    public bool TryApply(LedgerFeedBatch batch)
    {
        if (batch.After > Position)
        {
            return false;
        }

        foreach (var fact in batch.Facts)
        {
            if (fact.Position > Position)
            {
                Apply(fact);
            }
        }

        Position = Math.Max(Position, batch.Through);
        return true;
    }

    protected abstract void Apply(LedgerFact fact);
}
