using System.Text.Json;
using FestivalPos.Grains.Catalog;
using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Review;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage.Feed;

namespace FestivalPos.Grains.Feed;

/// <summary>
/// The one place that reads stored event payloads for the feed: turns feed entries into the <see cref="LedgerFact"/>s
/// projections apply. Streams that mean nothing to them (API clients, signing keys) give no fact.
/// </summary>
public static class LedgerFactDecoder
{
    /// <summary>The batch of the entries that follow <paramref name="after"/> in the feed, which must not be empty.</summary>
    public static LedgerFeedBatch ToBatch(long after, IReadOnlyList<FeedEntry> entries) =>
        new(after, entries[^1].Position, [.. entries.SelectMany(Decode)]);

    public static IEnumerable<LedgerFact> Decode(FeedEntry entry)
    {
        if (entry.StreamId.StartsWith(WalletGrain.StreamPrefix, StringComparison.Ordinal))
        {
            return DecodeWallet(entry, entry.StreamId[WalletGrain.StreamPrefix.Length..], Read<WalletEvent>(entry));
        }

        if (entry.StreamId.StartsWith(PosDeviceGrain.StreamPrefix, StringComparison.Ordinal))
        {
            return DecodeDevice(entry, entry.StreamId[PosDeviceGrain.StreamPrefix.Length..], Read<DeviceEvent>(entry));
        }

        if (entry.StreamId.StartsWith(ReviewQueueGrain.StreamPrefix, StringComparison.Ordinal))
        {
            return DecodeReview(entry, Read<ReviewEvent>(entry));
        }

        if (entry.StreamId.StartsWith(StandGrain.StreamPrefix, StringComparison.Ordinal))
        {
            return DecodeStand(entry, entry.StreamId[StandGrain.StreamPrefix.Length..], Read<StandEvent>(entry));
        }

        return [];
    }

    private static IEnumerable<LedgerFact> DecodeWallet(FeedEntry entry, string walletId, WalletEvent @event) => @event switch
    {
        ChargeApproved charge =>
        [
            new ChargeFact(entry.Position, charge.RecordedAt, walletId, charge.DeviceId, charge.Seq, charge.Amount, charge.CreatedAt, charge.Offline, charge.BalanceAfter, charge.Lines),
        ],
        ChargeDeclined declined => [new ChargeDeclinedFact(entry.Position, declined.RecordedAt, walletId, declined.DeviceId, declined.Seq, declined.WrongPin)],
        TopUpApplied topUp => [new CreditFact(entry.Position, topUp.RecordedAt, walletId, CreditKind.TopUp, topUp.Amount, topUp.BalanceAfter)],
        RefundApplied refund => [new CreditFact(entry.Position, refund.RecordedAt, walletId, CreditKind.Refund, refund.Amount, refund.BalanceAfter, refund.ChargeTxId)],
        CashedOut cashedOut => [new PayoutFact(entry.Position, cashedOut.RecordedAt, walletId, cashedOut.PayoutId, cashedOut.Amount, cashedOut.Fee, cashedOut.BalanceAfter)],
        WalletBlocked blocked => [new WalletBlockFact(entry.Position, blocked.RecordedAt, walletId, Blocked: true)],
        WalletUnblocked unblocked => [new WalletBlockFact(entry.Position, unblocked.RecordedAt, walletId, Blocked: false)],
        _ => [],
    };

    private static IEnumerable<LedgerFact> DecodeDevice(FeedEntry entry, string deviceId, DeviceEvent @event) => @event switch
    {
        DeviceEnrolled enrolled => [new DeviceEnrolledFact(entry.Position, enrolled.RecordedAt, deviceId, enrolled.StandId)],
        DeviceRevoked revoked => [new DeviceRevokedFact(entry.Position, revoked.RecordedAt, deviceId)],
        SeqsDecided decided => [new SeqsDecidedFact(entry.Position, decided.RecordedAt, deviceId, [.. decided.Seqs.Select(seq => seq.Seq)])],
        _ => [],
    };

    private static IEnumerable<LedgerFact> DecodeReview(FeedEntry entry, ReviewEvent @event) => @event switch
    {
        TransactionsHeld held => held.Transactions.Select(t => new ReviewHeldFact(entry.Position, held.RecordedAt, t.ReviewId, t.WalletId, t.Amount)),
        ReviewApproved approved => [new ReviewDecidedFact(entry.Position, approved.RecordedAt, approved.ReviewId, ReviewStatus.Approved)],
        ReviewDismissed dismissed => [new ReviewDecidedFact(entry.Position, dismissed.RecordedAt, dismissed.ReviewId, ReviewStatus.Dismissed)],
        _ => [],
    };

    private static IEnumerable<LedgerFact> DecodeStand(FeedEntry entry, string standId, StandEvent @event) => @event switch
    {
        StandDefined defined => [new StandDefinedFact(entry.Position, defined.RecordedAt, standId, defined.VendorId)],
        CatalogItemSet set => [new CatalogItemFact(entry.Position, set.RecordedAt, standId, set.Item.ItemId, set.Item.VatBasisPoints)],
        CatalogItemRemoved removed => [new CatalogItemFact(entry.Position, removed.RecordedAt, standId, removed.ItemId, null)],
        _ => [],
    };

    private static TEvent Read<TEvent>(FeedEntry entry) where TEvent : class =>
        JsonSerializer.Deserialize<TEvent>(entry.Payload, LedgerJson.Options)
        ?? throw new LedgerCorruptionException(entry.StreamId, entry.Version, "empty event");
}
