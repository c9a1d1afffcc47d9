using FestivalPos.Grains.Interfaces.Review;

namespace FestivalPos.Grains.Interfaces.Feed;

/// <summary>What one stored event of the ledger means to a projection, at the feed position of that event.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.LedgerFact")]
public abstract record LedgerFact([property: Id(0)] long Position, [property: Id(1)] DateTimeOffset RecordedAt);

/// <summary>A charge that moved money: approved online, applied offline or approved in review.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeFact")]
public sealed record ChargeFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string WalletId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] long Seq,
    [property: Id(3)] long Amount,
    [property: Id(4)] string CreatedAt,
    [property: Id(5)] bool Offline,
    [property: Id(6)] long BalanceAfter,
    [property: Id(7)] Wallets.ChargeLine[]? Lines = null) : LedgerFact(Position, RecordedAt);

/// <summary>An online charge declined: its seq is decided and nothing moved. <see cref="WrongPin"/>: a PIN payment with a wrong PIN.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeDeclinedFact")]
public sealed record ChargeDeclinedFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string WalletId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] long Seq,
    [property: Id(3)] bool WrongPin) : LedgerFact(Position, RecordedAt);

[GenerateSerializer, Alias("FestivalPos.CreditKind")]
public enum CreditKind
{
    TopUp = 0,
    Refund = 1,
}

/// <summary>Money into a wallet: a top-up, or a refund of a charge.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.CreditFact")]
public sealed record CreditFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string WalletId,
    [property: Id(1)] CreditKind Kind,
    [property: Id(2)] long Amount,
    [property: Id(3)] long BalanceAfter,
    [property: Id(4)] string? ChargeTxId = null) : LedgerFact(Position, RecordedAt);

/// <summary>Money out of a wallet to its holder: a cash-out payout's debit (<see cref="Amount"/> = paid + <see cref="Fee"/>).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.PayoutFact")]
public sealed record PayoutFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string WalletId,
    [property: Id(1)] string PayoutId,
    [property: Id(2)] long Amount,
    [property: Id(3)] long Fee,
    [property: Id(4)] long BalanceAfter) : LedgerFact(Position, RecordedAt);

[GenerateSerializer, Immutable, Alias("FestivalPos.WalletBlockFact")]
public sealed record WalletBlockFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string WalletId,
    [property: Id(1)] bool Blocked) : LedgerFact(Position, RecordedAt);

[GenerateSerializer, Immutable, Alias("FestivalPos.DeviceEnrolledFact")]
public sealed record DeviceEnrolledFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string StandId) : LedgerFact(Position, RecordedAt);

[GenerateSerializer, Immutable, Alias("FestivalPos.DeviceRevokedFact")]
public sealed record DeviceRevokedFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string DeviceId) : LedgerFact(Position, RecordedAt);

/// <summary>Seqs a device recorded as decided (an offline charge applied or refused, an online charge for an unknown wallet).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.SeqsDecidedFact")]
public sealed record SeqsDecidedFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long[] Seqs) : LedgerFact(Position, RecordedAt);

/// <summary>An offline transaction the server refused, held for an organizer's review.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ReviewHeldFact")]
public sealed record ReviewHeldFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string ReviewId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] long Amount) : LedgerFact(Position, RecordedAt);

/// <summary>An organizer approved or dismissed a held transaction.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ReviewDecidedFact")]
public sealed record ReviewDecidedFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string ReviewId,
    [property: Id(1)] ReviewStatus Status) : LedgerFact(Position, RecordedAt);

/// <summary>A stand was defined or renamed: from here on its sales settle with <see cref="VendorId"/>.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.StandDefinedFact")]
public sealed record StandDefinedFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string StandId,
    [property: Id(1)] string VendorId) : LedgerFact(Position, RecordedAt);

/// <summary>A stand's item was set (with its VAT rate from here on), or taken off the catalog (<see cref="VatBasisPoints"/> null).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.CatalogItemFact")]
public sealed record CatalogItemFact(
    long Position,
    DateTimeOffset RecordedAt,
    [property: Id(0)] string StandId,
    [property: Id(1)] string ItemId,
    [property: Id(2)] int? VatBasisPoints) : LedgerFact(Position, RecordedAt);

/// <summary>
/// The facts of the feed entries after <see cref="After"/> through <see cref="Through"/>, in position order. Batches
/// tile the feed: the next one starts where this one ends, and an entry that means nothing to projections leaves no fact.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.LedgerFeedBatch")]
public sealed record LedgerFeedBatch(
    [property: Id(0)] long After,
    [property: Id(1)] long Through,
    [property: Id(2)] LedgerFact[] Facts);
