namespace FestivalPos.Grains.Interfaces.CashOut;

[GenerateSerializer, Alias("FestivalPos.CashOutOutcome")]
public enum CashOutOutcome
{
    Requested = 0,

    /// <summary>The wallet had already asked; the first request stands.</summary>
    AlreadyRequested = 1,
    WalletNotFound = 2,
    NotOpenYet = 3,
    DeadlinePassed = 4,

    /// <summary>The holder data has neither an IBAN nor an email.</summary>
    NoPayoutDestination = 5,

    /// <summary>The balance is not above the fee: nothing would be paid.</summary>
    BalanceTooLow = 6,
    WalletBlocked = 7,
    AlreadyPaidOut = 8,
    InvalidInput = 9,
}

/// <summary>What became of a withdrawal of the wallet's cash-out request.</summary>
[GenerateSerializer, Alias("FestivalPos.CashOutWithdrawalOutcome")]
public enum CashOutWithdrawalOutcome
{
    /// <summary>The request is withdrawn: no batch pays it, and the wallet may ask again.</summary>
    Withdrawn = 0,

    /// <summary>The wallet has no request waiting (never asked, or withdrew it already).</summary>
    NotRequested = 1,

    /// <summary>A payout batch took the request and is not settled yet: the batch decides.</summary>
    InBatch = 2,
    AlreadyPaidOut = 3,
    WalletNotFound = 4,
    InvalidInput = 5,
}

/// <summary>A request's answer: the wallet's balance now and the fee the request was (or would be) made with.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.CashOutResult")]
public sealed record CashOutResult(
    [property: Id(0)] CashOutOutcome Outcome,
    [property: Id(1)] long Balance,
    [property: Id(2)] long Fee,
    [property: Id(3)] DateTimeOffset? RequestedAt);

/// <summary>A wallet's cash-out: requested (with the fee of that time), then paid out by one payout, then confirmed by the provider.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.CashOutView")]
public sealed record CashOutView(
    [property: Id(0)] DateTimeOffset RequestedAt,
    [property: Id(1)] long Fee,
    [property: Id(2)] string? PayoutId,
    [property: Id(3)] long Paid,
    [property: Id(4)] DateTimeOffset? PaidAt,
    [property: Id(5)] DateTimeOffset? ConfirmedAt)
{
    /// <summary>The money is not yet known to have left: the holder data is still needed.</summary>
    public bool IsPending => ConfirmedAt is null;
}

[GenerateSerializer, Alias("FestivalPos.PayoutOutcome")]
public enum PayoutOutcome
{
    /// <summary>The wallet was debited by the payout's own entry.</summary>
    PaidOut = 0,

    /// <summary>This payout had already debited the wallet; nothing moved again.</summary>
    Duplicate = 1,

    /// <summary>Skipped: the balance is below zero (offline charges arrived late).</summary>
    Overdrawn = 2,

    /// <summary>Skipped: the balance is not above the fee, so nothing would be paid.</summary>
    BalanceTooLow = 3,

    /// <summary>Skipped: the wallet is blocked.</summary>
    WalletBlocked = 4,

    /// <summary>The wallet has no cash-out request.</summary>
    NotRequested = 5,

    /// <summary>Another payout already paid this wallet out.</summary>
    AlreadyPaidOut = 6,
    WalletNotFound = 7,
    InvalidInput = 8,
}

/// <summary>What one payout did to one wallet: <see cref="Paid"/> to the holder plus <see cref="Fee"/> is what was debited.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutResult")]
public sealed record PayoutResult(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] PayoutOutcome Outcome,
    [property: Id(2)] long Paid,
    [property: Id(3)] long Fee,
    [property: Id(4)] long Balance)
{
    public bool Debited => Outcome is PayoutOutcome.PaidOut or PayoutOutcome.Duplicate;
}

[GenerateSerializer, Alias("FestivalPos.PayoutStatus")]
public enum PayoutStatus
{
    /// <summary>The wallet was debited; the provider has yet to confirm the transfer.</summary>
    Pending = 0,
    Confirmed = 1,

    /// <summary>Not paid by this batch (see the reason); the request stays open for a later batch.</summary>
    Skipped = 2,
}

/// <summary>One line of a payout batch: one wallet.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutLine")]
public sealed record PayoutLine(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] long Paid,
    [property: Id(3)] long Fee,
    [property: Id(4)] PayoutStatus Status,
    [property: Id(5)] PayoutOutcome Outcome,
    [property: Id(6)] DateTimeOffset? ConfirmedAt);

[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutBatchView")]
public sealed record PayoutBatchView(
    [property: Id(0)] string BatchId,
    [property: Id(1)] DateTimeOffset CreatedAt,
    [property: Id(2)] PayoutLine[] Payouts);

[GenerateSerializer, Alias("FestivalPos.PayoutBatchOutcome")]
public enum PayoutBatchOutcome
{
    Created = 0,

    /// <summary>The batchId was used before: its batch, unchanged.</summary>
    Existing = 1,

    /// <summary>No cash-out request is waiting; no batch was made and the batchId stays free.</summary>
    NothingToPay = 2,
    InvalidInput = 3,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutBatchResult")]
public sealed record PayoutBatchResult(
    [property: Id(0)] PayoutBatchOutcome Outcome,
    [property: Id(1)] PayoutBatchView? Batch);

/// <summary>Where a payout goes, opened from the holder data only for the provider that makes the transfer.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutDestination")]
public sealed record PayoutDestination(
    [property: Id(0)] string PayoutId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Iban,
    [property: Id(3)] string? Email);

[GenerateSerializer, Alias("FestivalPos.PayoutConfirmOutcome")]
public enum PayoutConfirmOutcome
{
    Confirmed = 0,
    AlreadyConfirmed = 1,
    NotFound = 2,

    /// <summary>The batch skipped this wallet: there is no transfer to confirm.</summary>
    Skipped = 3,
}

/// <summary>A payout's id: <c>{batchId}:{walletId}</c>, like a charge's txId, so it names its batch and wallet.</summary>
public static class PayoutIds
{
    public static string Of(string batchId, string walletId) => $"{batchId}:{walletId}";

    public static bool TryParse(string? payoutId, out string batchId, out string walletId)
    {
        var colon = payoutId?.IndexOf(':') ?? -1;
        batchId = colon > 0 ? payoutId![..colon] : "";
        walletId = colon > 0 ? payoutId![(colon + 1)..] : "";
        return LedgerLimits.IsValidId(batchId) && LedgerLimits.IsValidId(walletId);
    }
}
