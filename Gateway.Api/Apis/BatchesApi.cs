using System.Globalization;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>Offline batches of a POS device: signed transactions, applied once each, in any order.</summary>
public static class BatchesApi
{
    /// <summary>How long a device waits before sending a batch again while its previous one is in flight.</summary>
    public const int InFlightRetryAfterSeconds = 2;

    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/devices/{deviceId}/batches").WithTags("Offline batches")
            .RequireAuthorization(Policies.Device)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/", Sync).WithName("SyncBatch").WithSummary("Applies a batch of signed offline transactions; sending it again is safe.");
        return app;
    }

    public static async Task<Results<Ok<BatchResponse>, ProblemHttpResult, ValidationProblem>> Sync(
        string deviceId, BatchRequest request, IGrainFactory grains, BatchAdmission door, HttpContext http,
        IOptions<LedgerApiOptions> ledger, IOptions<SyncOptions> sync, GatewayMetrics metrics)
    {
        if (request.Transactions.Length > sync.Value.MaxBatchSize)
        {
            return TooLarge(sync.Value.MaxBatchSize);
        }

        var validator = Validate(deviceId, request, ledger.Value.MaxAmount);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        using var admission = await door.EnterAsync(deviceId, request.Transactions.Length, http.RequestAborted);
        if (admission.Outcome != BatchAdmissionOutcome.Admitted)
        {
            return Refused(admission, http, metrics);
        }

        OfflineTransaction[] transactions = [.. request.Transactions.Select(t => new OfflineTransaction(t.Seq, t.WalletId, t.Amount, t.CreatedAt, t.Credential.ToCredential(), t.Signature, Grains.Interfaces.Wallets.ChargeLine.From(t.Lines)))];
        var result = await grains.Reference<IPosDeviceGrain>(deviceId).SyncBatch(transactions);
        if (result.Outcome == BatchOutcome.DeviceNotFound)
        {
            return Problems.NotFound("device", "The device is not enrolled.");
        }

        if (result.Outcome == BatchOutcome.TooLarge)
        {
            return TooLarge(LedgerLimits.MaxBatchSize);
        }

        var results = result.Results.Select(r => new OfflineResult(r.Seq, Names.Of(r.Status), r.Reason is { } reason ? Names.Of(reason) : null)).ToArray();
        var soldAt = request.Transactions.DistinctBy(t => t.Seq).ToDictionary(t => t.Seq, t => t.CreatedAt);
        foreach (var answer in results)
        {
            metrics.Offline(answer.Status, answer.Reason);
            if (answer.Status == Wire.WireNames.OfflineStatus.Applied && soldAt.TryGetValue(answer.Seq, out var createdAt))
            {
                metrics.OfflineApplied(createdAt);
            }
        }

        return TypedResults.Ok(new BatchResponse(results, result.AckedThrough, result.LedgerEpoch));
    }

    /// <summary>
    /// A batch the gateway did not let in: nothing of it was applied. 429 <c>batch-in-flight</c> while the device's
    /// previous batch is still queued or in the cluster, 429 <c>offline-rate-limited</c> over the device's transaction
    /// budget, 503 <c>cluster-busy</c> when no slot came free in time.
    /// </summary>
    private static ProblemHttpResult Refused(Admission admission, HttpContext http, GatewayMetrics metrics)
    {
        var (status, type, title, detail, retryAfter) = admission.Outcome switch
        {
            BatchAdmissionOutcome.InFlight => (StatusCodes.Status429TooManyRequests, "batch-in-flight", "Another batch of this device is in flight",
                "Nothing of this batch was applied: the device's previous batch is still being applied. Send this one after Retry-After seconds.",
                InFlightRetryAfterSeconds),
            BatchAdmissionOutcome.RateLimited => (StatusCodes.Status429TooManyRequests, "offline-rate-limited", "Too many offline transactions from this device",
                "Nothing of this batch was applied: the device uploaded more offline transactions than it may. Send it again after Retry-After seconds.",
                Math.Max(1, (int)Math.Ceiling(admission.RetryAfter.TotalSeconds))),
            _ => (StatusCodes.Status503ServiceUnavailable, "cluster-busy", "Too many offline batches at once",
                "Nothing of this batch was applied; send it again after Retry-After seconds.", ClusterUnavailableExceptionHandler.RetryAfterSeconds),
        };
        metrics.BatchRefused(type);
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return Problems.Create(status, type, title, detail);
    }

    /// <summary>400 <c>batch-too-large</c> with <c>maxBatchSize</c>, so a terminal sends smaller batches at once; nothing was applied.</summary>
    private static ProblemHttpResult TooLarge(int maxBatchSize) =>
        TypedResults.Problem(
            detail: $"A batch holds at most {maxBatchSize} transactions; nothing of this one was applied. Send it in smaller batches.",
            statusCode: StatusCodes.Status400BadRequest, title: "Too many transactions in the batch", type: Wire.ProblemTypes.BatchTooLarge,
            extensions: new Dictionary<string, object?> { ["maxBatchSize"] = maxBatchSize });

    private static RequestValidator Validate(string deviceId, BatchRequest request, long maxAmount)
    {
        var validator = new RequestValidator().Id("deviceId", deviceId);

        for (var i = 0; i < request.Transactions.Length; i++)
        {
            var field = $"transactions[{i}]";
            if (request.Transactions[i] is not { } transaction)
            {
                validator.Check(false, field, $"'{field}' must be a transaction, not null.");
                continue;
            }

            validator.Seq($"{field}.seq", transaction.Seq)
                .Id($"{field}.walletId", transaction.WalletId)
                .Amount($"{field}.amount", transaction.Amount, maxAmount)
                .CreatedAt($"{field}.createdAt", transaction.CreatedAt)
                .Credential($"{field}.credential", transaction.Credential)
                .Text($"{field}.signature", transaction.Signature, RequestValidator.MaxSignatureLength)
                .Lines($"{field}.lines", transaction.Lines, transaction.Amount, maxAmount);
        }

        return validator;
    }
}
