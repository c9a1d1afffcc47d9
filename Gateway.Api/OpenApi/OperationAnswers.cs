namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>One status an operation answers: what it means and, for a problem, the problem types it carries.</summary>
public sealed record OperationAnswer(int Status, string Description, IReadOnlyList<string> ProblemTypes)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>
/// Every status each operation answers, keyed by the endpoint name given with <c>.WithName(...)</c>,
/// as the handlers, the authentication, rate-limit, body-size and content-type middleware and the
/// exception handlers produce them. A row whose endpoint does not exist is not used. The OpenAPI tests
/// send a request for each status and check the document lists exactly these.
/// </summary>
public static class OperationAnswers
{
    private static readonly string[] TokenProblems = ["missing-token", "token-expired", "invalid-token", "client-revoked"];

    public static IReadOnlyDictionary<string, IReadOnlyList<OperationAnswer>> ByEndpointName { get; } = new Dictionary<string, Row>
    {
        ["IssueToken"] = new Row(200, "A bearer token for the client, valid `expiresIn` seconds.").JsonBody()
            .Problem(401, "invalid-client").Problem(429, "rate-limited", "secret-attempts-exceeded").Problem(503, "cluster-unavailable", "secret-checks-busy"),
        ["RotateSigningKey"] = Secured(200, "A new key signs tokens from now on (on every gateway within `Auth:SigningKeyRefreshSeconds`); tokens signed with `previousKid` stay valid until they expire.")
            .Problem(409, "signing-keys-configured"),

        ["EnrollDevice"] = Secured(201, "The device is enrolled: keep `clientSecret` and `signingKey`, they are returned only here.").JsonBody()
            .Problem(400, "invalid-device").Problem(409, "device-exists"),
        ["RevokeDevice"] = Secured(204, "The device is revoked: its tokens and unsent offline batches stop being accepted.").PathIds().Problem(404, "device-not-found"),
        ["GetDevice"] = Secured(200, "The device's status, sync cursor and gaps, and the ledger epoch.").PathIds().Problem(404, "device-not-found"),

        ["RevokeClient"] = Secured(204, "The client is revoked: its tokens are refused at once on this gateway and within a second on every other, and it gets no new token.").PathIds()
            .Problem(404, "client-not-found").Problem(409, "last-organizer"),
        ["RotateClientSecret"] = Secured(200, "The client's new secret, answered only here: its earlier tokens and its old secret stop working within a second on every gateway.").PathIds()
            .Problem(404, "client-not-found").Problem(409, "client-is-revoked"),

        ["CreateWallet"] = Secured(201, "The wallet is created, empty and active.").JsonBody().Problem(409, "wallet-exists"),
        ["LinkWristband"] = Secured(204, "The wristband is linked to the wallet.").JsonBody()
            .Problem(404, "wallet-not-found").Problem(409, "wristband-taken"),
        ["SetPin"] = Secured(204, "The PIN is set and a PIN lockout lifted.").JsonBody().Problem(404, "wallet-not-found"),
        ["BlockWallet"] = Secured(204, "The wallet is blocked.").PathIds().Problem(404, "wallet-not-found"),
        ["UnblockWallet"] = Secured(204, "The wallet is unblocked.").PathIds().Problem(404, "wallet-not-found"),
        ["IssueQrToken"] = Secured(200, "A one-time QR token for the wallet.").PathIds().Problem(404, "wallet-not-found"),
        ["IssueAttendeeCode"] = Secured(200, "The new code, shown only here: print it on the wristband card or send it to the attendee.").PathIds().Problem(404, "wallet-not-found"),
        ["GetWallet"] = Secured(200, "The wallet's balance, status and flags.").PathIds().Problem(404, "wallet-not-found"),
        ["GetWalletTransactions"] = Secured(200, "A page of entries after `after`, oldest first; `next` is null on the last page.").Query()
            .Problem(404, "wallet-not-found"),

        ["GetSunWristbandKeys"] = Secured(200, "Each uid's key (its SDM file read key) in upper-case hex, in the order asked: program the wristbands with them, then discard them.").JsonBody(),

        ["TopUp"] = Secured(200, "The top-up is `applied`, or a `duplicate` of one already applied; `balance` is the wallet's after it.").JsonBody()
            .Problem(400, "topup-over-limit").Problem(404, "wallet-not-found").Problem(409, "topup-conflict", "balance-over-limit"),

        ["Refund"] = Secured(200, "The refund is `applied`, or a `duplicate` of one already applied; `refundable` is what is left of the charge.").JsonBody()
            .Problem(404, "wallet-not-found", "charge-not-found").Problem(409, "refund-conflict", "refund-exceeds-charge"),
        ["RefundOwnSale"] = Secured(200, "The refund is `applied`, or a `duplicate` of one already applied; `refundable` is what is left of the charge.").PathIds().JsonBody()
            .Problem(403, "other-device", "refund-window-closed").Problem(404, "wallet-not-found", "charge-not-found").Problem(409, "refund-conflict", "refund-exceeds-charge"),

        ["SetHolderData"] = Secured(200, "The holder data as stored (IBAN compact, upper case); it replaced what was there.").JsonBody().Problem(404, "wallet-not-found")
            .Problem(409, "cash-out-pending"),
        ["GetHolderData"] = Secured(200, "The holder data, or after erasure only `erasedAt`.").PathIds().Problem(404, "wallet-not-found", "holder-data-not-found"),
        ["EraseHolderData"] = Secured(200, "The tombstone: every part null, `erasedAt` set; erasing again answers the same tombstone.").PathIds()
            .Problem(404, "wallet-not-found", "holder-data-not-found").Problem(409, "cash-out-pending"),
        ["ExportWallet"] = Secured(200, "Everything held about the wallet, as one JSON document.").PathIds().Problem(404, "wallet-not-found"),

        ["RequestCashOut"] = Secured(200, "The request is recorded (`requested`), or was already (`duplicate`).").PathIds().Problem(404, "wallet-not-found")
            .Problem(409, "cash-out-not-open", "cash-out-closed", "cash-out-no-destination", "cash-out-balance-too-low", "cash-out-wallet-blocked", "cash-out-already-paid"),
        ["WithdrawCashOut"] = Secured(204, "The request is withdrawn: no payout batch pays it, and the wallet may ask again.").PathIds()
            .Problem(404, "wallet-not-found", "cash-out-not-requested").Problem(409, "cash-out-in-batch", "cash-out-already-paid"),
        ["CreatePayoutBatch"] = Secured(200, "The batch: every open request paid out, or skipped with a reason; the same batchId again answers the same batch.").JsonBody()
            .Problem(409, "payout-batch-empty"),
        ["GetPayoutBatch"] = Secured(200, "The batch's payouts with name, IBAN and email; CSV with `Accept: text/csv` or `?format=csv`.").PathIds()
            .Problem(404, "payout-batch-not-found"),
        ["ConfirmPayout"] = Secured(204, "The payout is confirmed (again: nothing changes).").PathIds().Problem(404, "payout-not-found").Problem(409, "payout-skipped"),

        ["Charge"] = Secured(200, "The charge is decided: `approved`, or `declined` with a reason; a repeat answers the first decision.").JsonBody()
            .Problem(403, "other-device").Problem(404, "wallet-not-found", "device-not-found").Problem(409, "seq-conflict").Problem(429, "pin-attempts-exceeded"),
        ["SyncBatch"] = Secured(200, "One result per transaction, the device's `ackedThrough`, and the `ledgerEpoch`, which changes when the ledger is restored from a backup.").JsonBody()
            .Problem(400, "batch-too-large").Problem(403, "other-device").Problem(404, "device-not-found")
            .Problem(429, "batch-in-flight", "offline-rate-limited").Problem(503, "cluster-busy"),
        ["GetOfflineSnapshot"] = Secured(200, "Wallets changed after `since`, oldest change first; ask again at once while `more` is true.").Query()
            .Problem(403, "other-device").Problem(404, "device-not-found"),

        ["ListReview"] = Secured(200, "Refused offline transactions after `after`, oldest first; `next` is null on the last page.").Query(),
        ["ApproveReview"] = Secured(204, "The held transaction is applied as an offline charge, exactly once; approving again changes nothing.")
            .Problem(404, "review-entry-not-found").Problem(409, "review-conflict"),
        ["DismissReview"] = Secured(204, "The held transaction is dismissed and the wallet left untouched; dismissing again changes nothing.")
            .Problem(404, "review-entry-not-found").Problem(409, "review-conflict"),

        ["ListStands"] = Secured(200, "Every defined stand with its items, in the order the stands were defined."),
        ["DefineStand"] = Secured(200, "The stand as it is now: created, or renamed and given its vendor.").PathIds().JsonBody(),
        ["GetStand"] = Secured(200, "The stand and its items.").PathIds().Problem(404, "stand-not-found"),
        ["SetCatalogItem"] = Secured(200, "The stand with the item added or changed; the same item again changes nothing.").PathIds().JsonBody()
            .Problem(404, "stand-not-found").Problem(409, "catalog-full"),
        ["RemoveCatalogItem"] = Secured(200, "The stand without the item.").PathIds().Problem(404, "stand-not-found", "item-not-found"),
        ["GetDeviceCatalog"] = Secured(200, "The catalog of the device's stand; `name` null and no items when nobody defined the stand.").PathIds()
            .Problem(403, "other-device").Problem(404, "device-not-found"),

        ["GetSalesReport"] = Secured(200, "The stand's minutes with sales, oldest first, and the ledger feed position the figures are complete through.")
            .Problem(400, "validation"),
        ["GetSettlement"] = Secured(200, "Settlement per stand or vendor with a row of totals, and the ledger feed position the figures are complete through.")
            .Problem(400, "validation"),
        ["GetSettlementCsv"] = Secured(200, "The same settlement as CSV: a header, one row per stand or vendor, and a last row of totals.")
            .Problem(400, "validation"),
        ["GetExposureReport"] = Secured(200, "The money at stake, as of the ledger feed position `throughPosition`."),
        ["GetDevicesReport"] = Secured(200, "Every terminal the ledger knows, by device id, as of the ledger feed position `throughPosition`."),
        ["GetAnomaliesReport"] = Secured(200, "The anomalies kept (the newest `Reports:Anomalies:MaxKept`), newest first, of `kind` when given; `raised` counts all ever raised.")
            .Query(),
    }.ToDictionary(row => row.Key, row => row.Value.Answers);

    /// <summary>What every call with a bearer token can meet: no or bad token, wrong role, rate limit, no ledger.</summary>
    private static Row Secured(int status, string description) => new Row(status, description)
        .Problem(401, TokenProblems).Problem(403, "role-not-allowed").Problem(429, "rate-limited").Problem(503, "cluster-unavailable");

    private sealed class Row(int successStatus, string successDescription)
    {
        private readonly SortedDictionary<int, List<string>> _problems = [];

        public IReadOnlyList<OperationAnswer> Answers =>
        [
            new OperationAnswer(successStatus, successDescription, []),
            .. _problems.Select(problem => new OperationAnswer(problem.Key, StatusDescriptions.Of(problem.Key), problem.Value)),
        ];

        /// <summary>The status, with these problem types among those it carries (none: a status whose types the table does not name).</summary>
        public Row Problem(int status, params string[] types)
        {
            if (!_problems.TryGetValue(status, out var known))
            {
                _problems[status] = known = [];
            }

            known.AddRange(types.Except(known));
            return this;
        }

        /// <summary>A JSON body: unreadable, invalid, too large or not JSON.</summary>
        public Row JsonBody() => Problem(400, "validation", "malformed-request").Problem(413, "body-too-large").Problem(415, "unsupported-media-type");

        /// <summary>Identifiers in the path only: a malformed one is a validation problem.</summary>
        public Row PathIds() => Problem(400, "validation");

        /// <summary>Identifiers in the path and numbers in the query: a number that does not parse is a malformed request.</summary>
        public Row Query() => Problem(400, "validation", "malformed-request");
    }
}

/// <summary>What each error status means in this API (API.md, "Errors").</summary>
public static class StatusDescriptions
{
    public static string Of(int status) => status switch
    {
        400 => "The request is not valid; nothing was changed.",
        401 => "Not authenticated.",
        403 => "Not allowed for this client.",
        404 => "Not found: the wallet, device, client or review entry is unknown.",
        409 => "Conflicts with what was recorded before; nothing was changed.",
        413 => "The request body is larger than the gateway accepts (Gateway:MaxRequestBodyBytes).",
        415 => "The body is not `application/json`.",
        429 => "Rate limited; send the request again after Retry-After seconds.",
        503 => "The ledger did not answer in time, or too many batches are queued or secrets being checked; send the same request again after Retry-After seconds (every call is idempotent by its id).",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No description for this status."),
    };
}
