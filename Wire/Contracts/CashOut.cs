namespace FestivalPos.Wire.Contracts;

/// <summary><c>status</c>: <c>requested</c>, or <c>duplicate</c> when the wallet had asked already (the first request stands).</summary>
public sealed record CashOutResponse(string WalletId, string Status, long Balance, long Fee, DateTimeOffset RequestedAt);

public sealed record CreatePayoutBatchRequest(string BatchId);

/// <summary>
/// One payout of a batch: <c>amount</c> is paid to the holder, <c>fee</c> kept; the wallet was debited by both.
/// <c>status</c>: <c>pending</c> (debited, transfer not confirmed), <c>confirmed</c>, or <c>skipped</c> with a
/// <c>reason</c> (<c>overdrawn</c>, <c>balanceTooLow</c>, <c>walletBlocked</c>: the request waits for a later batch).
/// Name, IBAN and email are filled only for the top-up provider.
/// </summary>
public sealed record PayoutEntry(
    string PayoutId, string WalletId, long Amount, long Fee, string Status, string? Reason, DateTimeOffset? ConfirmedAt, string? Name, string? Iban, string? Email);

public sealed record PayoutBatchResponse(string BatchId, DateTimeOffset CreatedAt, long TotalAmount, PayoutEntry[] Payouts);
