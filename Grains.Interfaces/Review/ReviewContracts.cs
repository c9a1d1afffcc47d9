using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Interfaces.Review;

[GenerateSerializer, Alias("FestivalPos.ReviewStatus")]
public enum ReviewStatus
{
    Pending = 0,
    Approved = 1,
    Dismissed = 2,
}

/// <summary>
/// An offline transaction the server refused, as its device held it. Its review id is <c>{deviceId}:{seq}</c>.
/// <see cref="Lines"/> are the sale's lines as the terminal sent them, so an approved charge settles by item like any
/// other; entries held before lines were kept have none (their stored JSON has no <c>lines</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.HeldTransaction")]
public sealed record HeldTransaction(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string WalletId,
    [property: Id(3)] long Amount,
    [property: Id(4)] string CreatedAt,
    [property: Id(5)] OfflineRejectReason Reason,
    [property: Id(6)] ChargeLine[]? Lines = null)
{
    [JsonIgnore]
    public string ReviewId => Wire.TxId.Format(DeviceId, Seq);

    /// <summary>Refusals an organizer may overrule: a bad signature, a conflicting reuse or an unknown wallet never are.</summary>
    [JsonIgnore]
    public bool Approvable => Reason is not (OfflineRejectReason.BadSignature or OfflineRejectReason.Conflict or OfflineRejectReason.UnknownWallet or OfflineRejectReason.InvalidInput);
}

[GenerateSerializer, Immutable, Alias("FestivalPos.ReviewItem")]
public sealed record ReviewItem(
    [property: Id(0)] long Position,
    [property: Id(1)] HeldTransaction Held,
    [property: Id(2)] ReviewStatus Status);

[GenerateSerializer, Immutable, Alias("FestivalPos.ReviewListing")]
public sealed record ReviewListing(
    [property: Id(0)] ReviewItem[] Items,
    [property: Id(1)] long? Next);

[GenerateSerializer, Alias("FestivalPos.ReviewOutcome")]
public enum ReviewOutcome
{
    Done = 0,
    NotFound = 1,

    /// <summary>Approving a dismissed entry, dismissing an approved one, or approving what cannot be approved.</summary>
    Conflict = 2,
}

/// <summary>
/// The review queue of the whole festival (key <see cref="All"/>): every offline transaction the server refused,
/// oldest first, one entry per seq (its first refusal), and the organizers' decisions on them.
/// </summary>
[Alias("FestivalPos.IReviewQueueGrain")]
public interface IReviewQueueGrain : IGrainWithStringKey
{
    public const string All = "all";

    public const int MaxPageSize = 500;

    /// <summary>Keeps refused transactions for review; a seq already held keeps its first entry.</summary>
    [Alias("Hold")]
    Task Hold(HeldTransaction[] transactions);

    [Alias("List")]
    Task<ReviewListing> List(long after, int limit);

    [Alias("Approve")]
    Task<ReviewOutcome> Approve(string reviewId);

    [Alias("Dismiss")]
    Task<ReviewOutcome> Dismiss(string reviewId);
}
