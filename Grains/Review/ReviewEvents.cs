using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Review;

namespace FestivalPos.Grains.Review;

/// <summary>The facts of the review queue's stream.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TransactionsHeld), "transactionsHeld")]
[JsonDerivedType(typeof(ReviewApproved), "reviewApproved")]
[JsonDerivedType(typeof(ReviewSettled), "reviewSettled")]
[JsonDerivedType(typeof(ReviewDismissed), "reviewDismissed")]
public abstract record ReviewEvent(DateTimeOffset RecordedAt);

public sealed record TransactionsHeld(HeldTransaction[] Transactions, DateTimeOffset RecordedAt) : ReviewEvent(RecordedAt);

/// <summary>An organizer approved the entry; its charge is applied next (<see cref="ReviewSettled"/> once it is).</summary>
public sealed record ReviewApproved(string ReviewId, DateTimeOffset RecordedAt) : ReviewEvent(RecordedAt);

/// <summary>The approved charge is applied to its wallet.</summary>
public sealed record ReviewSettled(string ReviewId, DateTimeOffset RecordedAt) : ReviewEvent(RecordedAt);

public sealed record ReviewDismissed(string ReviewId, DateTimeOffset RecordedAt) : ReviewEvent(RecordedAt);
