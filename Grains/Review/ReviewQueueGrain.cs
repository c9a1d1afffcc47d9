using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Storage;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Grains.Review;

/// <summary>
/// The festival's review queue: refused offline transactions and the organizers' decisions. Approval is
/// recorded first, so it can never be dismissed after money moved; the charge is then applied through its device
/// (once: the wallet knows the seq), and re-driven on activation if a crash came in between.
/// </summary>
public sealed partial class ReviewQueueGrain(
    IEventStore store, Keys.KeyRing keys, TimeProvider time, ReviewQueueMetrics metrics, ILogger<ReviewQueueGrain> logger) : Grain, IReviewQueueGrain
{
    public const string StreamPrefix = "review/";

    private EventStream<ReviewQueueState, ReviewEvent> _stream = null!;

    private ReviewQueueState State => _stream.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<ReviewQueueState, ReviewEvent>(store, keys.Chain, StreamPrefix + this.GetPrimaryKeyString(), new ReviewQueueState());
        await _stream.RefreshAsync();
        foreach (var item in State.ApprovedUnsettled.ToList())
        {
            try
            {
                await SettleAsync(item.Held);
            }
            catch (Exception exception)
            {
                LogSettleFailed(exception, item.Held.ReviewId);
            }
        }

        metrics.Observed(State.Open());
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.Observed(null);
        return Task.CompletedTask;
    }

    public async Task Hold(HeldTransaction[] transactions)
    {
        await _stream.DecideAsync(state =>
        {
            HeldTransaction[] fresh = [.. transactions.Where(t => state.Find(t.ReviewId) is null).DistinctBy(t => t.ReviewId)];
            return fresh.Length == 0
                ? Decision<ReviewEvent, bool>.Answer(true)
                : new Decision<ReviewEvent, bool>([new TransactionsHeld(fresh, Now)], true);
        });
        metrics.Observed(State.Open());
    }

    public async Task<ReviewListing> List(long after, int limit)
    {
        await _stream.CatchUpAsync();
        var size = Math.Clamp(limit, 1, IReviewQueueGrain.MaxPageSize);
        var first = (int)Math.Clamp(after, 0, State.Items.Count);
        ReviewItem[] page = [.. State.Items.Skip(first).Take(size)];
        return new ReviewListing(page, first + page.Length < State.Items.Count ? page[^1].Position : null);
    }

    public async Task<ReviewOutcome> Approve(string reviewId)
    {
        await ConfirmKnownAsync(reviewId);
        if (State.Find(reviewId) is { Status: ReviewStatus.Pending, Held: { Approvable: true } held }
            && !await GrainFactory.Reference<IPosDeviceGrain>(held.DeviceId).CanApprove(held))
        {
            // The seq holds another sale than this refused copy (a conflicting copy refused for a check before the conflict): nothing to apply.
            return ReviewOutcome.Conflict;
        }

        var outcome = await _stream.DecideAsync(state => state.Find(reviewId) switch
        {
            null => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.NotFound),
            { Status: ReviewStatus.Dismissed } or { Held.Approvable: false } => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.Conflict),
            { Status: ReviewStatus.Approved } => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.Done),
            _ => new([new ReviewApproved(reviewId, Now)], ReviewOutcome.Done),
        });
        if (outcome == ReviewOutcome.Done && !State.Settled(reviewId))
        {
            await SettleAsync(State.Find(reviewId)!.Held);
        }

        metrics.Observed(State.Open());
        return outcome;
    }

    public async Task<ReviewOutcome> Dismiss(string reviewId)
    {
        await ConfirmKnownAsync(reviewId);
        var outcome = await _stream.DecideAsync(state => state.Find(reviewId) switch
        {
            null => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.NotFound),
            { Status: ReviewStatus.Approved } => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.Conflict),
            { Status: ReviewStatus.Dismissed } => Decision<ReviewEvent, ReviewOutcome>.Answer(ReviewOutcome.Done),
            _ => new([new ReviewDismissed(reviewId, Now)], ReviewOutcome.Done),
        });
        metrics.Observed(State.Open());
        return outcome;
    }

    private async Task SettleAsync(HeldTransaction held)
    {
        if (!await GrainFactory.Reference<IPosDeviceGrain>(held.DeviceId).ApproveHeld(held))
        {
            LogNotApplicable(held.ReviewId);
            return;
        }

        await _stream.DecideAsync(state => state.Settled(held.ReviewId)
            ? Decision<ReviewEvent, bool>.Answer(true)
            : new Decision<ReviewEvent, bool>([new ReviewSettled(held.ReviewId, Now)], true));
    }

    /// <summary>An id this activation does not know is looked up in storage before it is answered 404.</summary>
    private async Task ConfirmKnownAsync(string reviewId)
    {
        await _stream.RefreshAsync();
        if (State.Find(reviewId) is null)
        {
            await _stream.CatchUpAsync();
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approved review entry {ReviewId} could not be applied yet; it is tried again at the next approval or activation.")]
    private partial void LogSettleFailed(Exception exception, string reviewId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Approved review entry {ReviewId} is not held by its device as a refused transaction; nothing was applied.")]
    private partial void LogNotApplicable(string reviewId);
}
