using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Review;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The review queue (API.md 1.1): offline transactions the server refused, for an organizer to approve or dismiss.</summary>
public static class ReviewApi
{
    public const int DefaultPageSize = 100;

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/review").WithTags("Review")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapGet("/", List).WithName("ListReview").WithSummary("Refused offline transactions after ?after={position}, oldest first, one per seq.");
        api.MapPost("/{reviewId}/approve", Approve).WithName("ApproveReview")
            .WithSummary("Applies the held transaction as an offline charge, exactly once; idempotent.");
        api.MapPost("/{reviewId}/dismiss", Dismiss).WithName("DismissReview").WithSummary("Leaves the wallet untouched; idempotent.");
        return app;
    }

    public static async Task<Results<Ok<Wire.Contracts.ReviewPage>, ValidationProblem>> List(long? after, int? limit, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Check(after is null or >= 0, "after", "'after' must be 0 or more.")
            .Check(limit is null or >= 1 and <= IReviewQueueGrain.MaxPageSize, "limit", $"'limit' must be from 1 to {IReviewQueueGrain.MaxPageSize}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var page = await Queue(grains).List(after ?? 0, limit ?? DefaultPageSize);
        return TypedResults.Ok(new Wire.Contracts.ReviewPage([.. page.Items.Select(ToEntry)], page.Next));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Approve(string reviewId, IGrainFactory grains) =>
        await Decide(reviewId, grains, queue => queue.Approve(reviewId),
            "The entry was dismissed, or was refused for a reason no organizer can overrule (badSignature, conflict, unknownWallet).");

    public static async Task<Results<NoContent, ProblemHttpResult>> Dismiss(string reviewId, IGrainFactory grains) =>
        await Decide(reviewId, grains, queue => queue.Dismiss(reviewId), "The entry was approved: its charge is applied.");

    private static async Task<Results<NoContent, ProblemHttpResult>> Decide(
        string reviewId, IGrainFactory grains, Func<IReviewQueueGrain, Task<ReviewOutcome>> decide, string conflict)
    {
        // API.md: an unknown reviewId is 404; one that is not {deviceId}:{seq} names no held transaction either.
        if (!Wire.TxId.TryParse(reviewId, out var deviceId, out _) || !LedgerLimits.IsValidId(deviceId))
        {
            return NotHeld(reviewId);
        }

        return await decide(Queue(grains)) switch
        {
            ReviewOutcome.Done => TypedResults.NoContent(),
            ReviewOutcome.NotFound => NotHeld(reviewId),
            _ => Problems.Conflict("review-conflict", "The review entry cannot take this decision", conflict),
        };
    }

    private static ProblemHttpResult NotHeld(string reviewId) => Problems.NotFound("review-entry", $"No transaction '{reviewId}' is held for review.");

    private static IReviewQueueGrain Queue(IGrainFactory grains) => grains.Reference<IReviewQueueGrain>(IReviewQueueGrain.All);

    private static ReviewEntry ToEntry(ReviewItem item) => new(
        item.Position, item.Held.ReviewId, item.Held.DeviceId, item.Held.Seq, item.Held.WalletId, item.Held.Amount, item.Held.CreatedAt,
        Names.Of(item.Held.Reason), Names.Of(item.Status));
}
