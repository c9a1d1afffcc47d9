using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.CashOut;

namespace FestivalPos.Grains.CashOut;

/// <summary>The facts of the cash-out desk's stream. Wallet ids only: no personal data ever enters the ledger.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CashOutQueued), "cashOutQueued")]
[JsonDerivedType(typeof(PayoutBatchOpened), "payoutBatchOpened")]
[JsonDerivedType(typeof(PayoutBatchSettled), "payoutBatchSettled")]
[JsonDerivedType(typeof(PayoutConfirmationRecorded), "payoutConfirmationRecorded")]
[JsonDerivedType(typeof(CashOutWithdrawalRecorded), "cashOutWithdrawalRecorded")]
public abstract record CashOutDeskEvent(DateTimeOffset RecordedAt);

/// <summary>A wallet's request waits for a batch.</summary>
public sealed record CashOutQueued(string WalletId, DateTimeOffset RecordedAt) : CashOutDeskEvent(RecordedAt);

/// <summary>The batchId is taken, with the wallets it pays: written before any wallet is debited, so a retry finishes the same batch.</summary>
public sealed record PayoutBatchOpened(string BatchId, string[] WalletIds, DateTimeOffset RecordedAt) : CashOutDeskEvent(RecordedAt);

/// <summary>What the batch's payouts did, wallet by wallet; the skipped wallets wait for the next batch.</summary>
public sealed record PayoutBatchSettled(string BatchId, SettledPayout[] Payouts, DateTimeOffset RecordedAt) : CashOutDeskEvent(RecordedAt);

public sealed record SettledPayout(
    [property: JsonPropertyName("walletId")] string WalletId,
    [property: JsonPropertyName("outcome")] PayoutOutcome Outcome,
    [property: JsonPropertyName("paid")] long Paid,
    [property: JsonPropertyName("fee")] long Fee);

public sealed record PayoutConfirmationRecorded(string PayoutId, DateTimeOffset RecordedAt) : CashOutDeskEvent(RecordedAt);

/// <summary>The wallet withdrew its open request (the wallet recorded it first): no batch takes it any more.</summary>
public sealed record CashOutWithdrawalRecorded(string WalletId, DateTimeOffset RecordedAt) : CashOutDeskEvent(RecordedAt);
