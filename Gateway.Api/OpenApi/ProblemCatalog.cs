namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>A ProblemDetails <c>type</c> the gateway answers, with the title and a detail it carries, and an integer extension member if it has one.</summary>
public sealed record ProblemKind(string Name, int Status, string Title, string Detail, ProblemExtension? Extension = null)
{
    public string Type => Errors.Problems.TypePrefix + Name;
}

/// <summary>An integer member a problem type adds to ProblemDetails, for clients to act on.</summary>
public sealed record ProblemExtension(string Name, string Description, long Example);

/// <summary>
/// Every problem type the document names, as the handlers, the middleware and the exception handlers write
/// them. The OpenAPI tests send requests that produce them and compare type, status and title.
/// </summary>
public static class ProblemCatalog
{
    public static IReadOnlyDictionary<string, ProblemKind> ByName { get; } = new ProblemKind[]
    {
        new("validation", 400, "The request is not valid", "One or more fields are not valid."),
        new("malformed-request", 400, "Malformed request", "Failed to read parameter \"PaymentRequest request\" from the request body as JSON."),
        new("batch-too-large", 400, "Too many transactions in the batch", "A batch holds at most 1000 transactions; nothing of this one was applied. Send it in smaller batches.",
            new ProblemExtension("maxBatchSize", "The most transactions one batch may hold: send smaller batches.", 1000)),
        new("invalid-device", 400, "The device cannot be enrolled", "The device or stand id was refused."),
        new("missing-token", 401, "An access token is required", "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'."),
        new("token-expired", 401, "The access token has expired", "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'."),
        new("invalid-token", 401, "The access token is not valid", "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'."),
        new("client-revoked", 401, "The client of this access token is revoked or unknown, or its secret changed", "Get a token from POST /api/v1/auth/token and send it as 'Authorization: Bearer <token>'."),
        new("invalid-client", 401, "Unknown client or wrong secret", "The client id and secret do not match an active client."),
        new("role-not-allowed", 403, "This client's role may not make this call", "The call needs another role."),
        new("other-device", 403, "A device may only act as itself", "This token belongs to another device."),
        new("wallet-not-found", 404, "Unknown wallet", "Wallet 'w-123' does not exist."),
        new("device-not-found", 404, "Unknown device", "Device 'bar-1-t1' is not enrolled."),
        new("client-not-found", 404, "Unknown client", "Client 'topup-psp' does not exist."),
        new("review-entry-not-found", 404, "Unknown review-entry", "No transaction 'bar-1-t1:18' is held for review."),
        new("wallet-exists", 409, "The wallet already exists", "Wallet 'w-123' exists."),
        new("device-exists", 409, "The device is already enrolled", "Device 'bar-1-t1' exists."),
        new("wristband-taken", 409, "The wristband belongs to another wallet", "A wristband uid can be linked to one wallet only."),
        new("seq-conflict", 409, "The seq was already used for another charge", "Charge 'bar-1-t1:17' was decided with different content: 'amount' differs."),
        new("topup-over-limit", 400, "The amount is above the festival's maximum top-up", "A top-up may credit at most 100000; 150000 was asked. Nothing was credited."),
        new("balance-over-limit", 409, "The top-up would take the wallet over the festival's maximum balance", "Wallet 'w-123' holds 480000 and may hold at most 500000: it can take at most 20000 more. Nothing was credited."),
        new("stand-not-found", 404, "Unknown stand", "Stand 'bar-1' is not defined."),
        new("item-not-found", 404, "Unknown item", "Stand 'bar-1' has no item 'beer-05'."),
        new("catalog-full", 409, "The stand has as many items as a stand may have", "Stand 'bar-1' has 500 items: remove one first."),
        new("charge-not-found", 404, "Unknown charge", "Wallet 'w-123' has no approved charge 'bar-7:18'."),
        new("refund-conflict", 409, "The refundId was used for another refund", "Refund 'r-77' was already used with another wallet, charge or amount."),
        new("refund-exceeds-charge", 409, "The refund is more than is left of the charge", "Charge 'bar-7:18' has 300 left to refund; 500 was asked. Nothing was refunded."),
        new("refund-window-closed", 403, "The terminal's time to refund this sale is over", "Charge 'bar-7:18' is older than the terminal refund window: an organizer refunds it."),
        new("holder-data-not-found", 404, "Unknown holder-data", "Wallet 'w-123' has no holder data."),
        new("cash-out-pending", 409, "A cash-out still needs the holder data", "Wallet 'w-123' has a cash-out whose payout is not confirmed yet: it keeps an IBAN or email until the provider confirmed it. Nothing was changed."),
        new("cash-out-not-open", 409, "Cash-out has not opened yet", "Cash-out requests are taken from CashOut:OpensAt on. Nothing was recorded."),
        new("cash-out-closed", 409, "The cash-out deadline has passed", "Cash-out requests were taken until CashOut:Deadline. Nothing was recorded."),
        new("cash-out-no-destination", 409, "The holder data has no IBAN or email", "Set an IBAN or an email for wallet 'w-123' (PUT /api/v1/wallets/w-123/holder) first. Nothing was recorded."),
        new("cash-out-balance-too-low", 409, "The balance is not above the cash-out fee", "Wallet 'w-123' holds 150; the fee is 200: nothing would be paid out. Nothing was recorded."),
        new("cash-out-wallet-blocked", 409, "The wallet is blocked", "Wallet 'w-123' is blocked: unblock it before a cash-out. Nothing was recorded."),
        new("cash-out-already-paid", 409, "The wallet was paid out already", "Wallet 'w-123' was paid out once; it cannot be paid out again."),
        new("cash-out-not-requested", 404, "No cash-out request is waiting", "Wallet 'w-123' has no cash-out request to withdraw. Nothing was changed."),
        new("cash-out-in-batch", 409, "A payout batch has taken the request", "The cash-out request of wallet 'w-123' is in a payout batch being paid: it can no longer be withdrawn. Nothing was changed."),
        new("payout-batch-empty", 409, "No cash-out request is waiting", "No wallet waits for a payout: batch 'payout-2026-07-21' was not made, and its id stays free."),
        new("payout-batch-not-found", 404, "Unknown payout-batch", "No payout batch 'payout-2026-07-21' was made."),
        new("payout-not-found", 404, "Unknown payout", "No payout 'payout-2026-07-21:w-123' was made."),
        new("payout-skipped", 409, "The batch skipped this payout", "Payout 'payout-2026-07-21:w-123' paid nothing (see its reason in the batch): there is no transfer to confirm."),
        new("topup-conflict", 409, "The topupId was used with another wallet or amount", "Top-up 'psp-8812' was already applied with different content."),
        new("last-organizer", 409, "The last active organizer cannot be revoked", "Client 'organizer' is the only active organizer: create another one (Auth:BootstrapOrganizer) before revoking it."),
        new("client-is-revoked", 409, "The client is revoked", "Client 'topup-psp' is revoked; it cannot get a new secret."),
        new("signing-keys-configured", 409, "The token signing keys are configured", "Auth:SigningKey is set: rotate it by moving it to Auth:PreviousSigningKeys and setting a new Auth:SigningKey."),
        new("review-conflict", 409, "The review entry cannot take this decision", "The entry was approved: its charge is applied."),
        new("body-too-large", 413, "Request body too large", "The request body is larger than 1048576 bytes."),
        new("unsupported-media-type", 415, "Expected a JSON body (application/json)", "Expected a JSON body (application/json), not 'text/plain; charset=utf-8'."),
        new("rate-limited", 429, "Too many requests", "Send this request again after 1 seconds."),
        new("secret-attempts-exceeded", 429, "Too many wrong secrets for this client", "This client id was tried with too many wrong secrets; try again after 60 seconds."),
        new("batch-in-flight", 429, "Another batch of this device is in flight", "Nothing of this batch was applied: the device's previous batch is still being applied. Send this one after Retry-After seconds."),
        new("offline-rate-limited", 429, "Too many offline transactions from this device", "Nothing of this batch was applied: the device uploaded more offline transactions than it may. Send it again after Retry-After seconds."),
        new("pin-attempts-exceeded", 429, "Too many PIN payments from this device", "The device started more PIN payments this minute than it may; the seq stays undecided, try it again after Retry-After seconds."),
        new("cluster-unavailable", 503, "The ledger is temporarily unavailable", "The request may or may not have been applied; send the same request again after Retry-After seconds."),
        new("secret-checks-busy", 503, "Too many secret checks at once", "The gateway is checking as many secrets as it may; send the request again after Retry-After seconds."),
        new("cluster-busy", 503, "Too many offline batches at once", "Nothing of this batch was applied; send it again after Retry-After seconds."),
    }.ToDictionary(kind => kind.Name);
}
