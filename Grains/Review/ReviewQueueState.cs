using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Review;

namespace FestivalPos.Grains.Review;

/// <summary>The review queue folded from its events: entries in the order they were held, one per seq.</summary>
public sealed class ReviewQueueState : IStreamState<ReviewEvent>
{
    private readonly List<ReviewItem> _items = [];
    private readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);
    private readonly HashSet<string> _settled = new(StringComparer.Ordinal);

    public IReadOnlyList<ReviewItem> Items => _items;

    public ReviewItem? Find(string reviewId) => _indexById.TryGetValue(reviewId, out var index) ? _items[index] : null;

    public bool Settled(string reviewId) => _settled.Contains(reviewId);

    /// <summary>The entries still waiting for an organizer's decision.</summary>
    public OpenReviews Open()
    {
        var pending = _items.Where(item => item.Status == ReviewStatus.Pending).ToList();
        return new OpenReviews(pending.Count, pending.Sum(item => item.Held.Amount));
    }

    public IEnumerable<ReviewItem> ApprovedUnsettled => _items.Where(i => i.Status == ReviewStatus.Approved && !_settled.Contains(i.Held.ReviewId));

    public void Apply(ReviewEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case TransactionsHeld held:
                foreach (var transaction in held.Transactions.Where(t => !_indexById.ContainsKey(t.ReviewId)))
                {
                    _indexById[transaction.ReviewId] = _items.Count;
                    _items.Add(new ReviewItem(_items.Count + 1, transaction, ReviewStatus.Pending));
                }

                break;
            case ReviewApproved approved:
                SetStatus(approved.ReviewId, ReviewStatus.Approved);
                break;
            case ReviewSettled settled:
                _settled.Add(settled.ReviewId);
                break;
            case ReviewDismissed dismissed:
                SetStatus(dismissed.ReviewId, ReviewStatus.Dismissed);
                break;
            default:
                throw new InvalidOperationException($"Unknown review event {@event.GetType().Name}.");
        }
    }

    private void SetStatus(string reviewId, ReviewStatus status)
    {
        var index = _indexById[reviewId];
        _items[index] = _items[index] with { Status = status };
    }
}
