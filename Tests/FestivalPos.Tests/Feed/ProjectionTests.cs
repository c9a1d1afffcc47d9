using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Reports;

namespace FestivalPos.Tests.Feed;

/// <summary>The projections on hand-made batches: positions applied once, gaps refused, and the figures each keeps.</summary>
public sealed class ProjectionTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 18, 21, 4, 5, TimeSpan.Zero);

    [Fact]
    public void A_batch_is_applied_once_a_batch_overlapping_the_position_only_above_it_and_a_batch_beyond_it_not_at_all()
    {
        var exposure = new ExposureProjection();
        LedgerFact[] credits = [Credit(1, "w-1", 500), Credit(2, "w-2", 300), Credit(3, "w-1", 700)];

        exposure.TryApply(new LedgerFeedBatch(0, 2, credits[..2])).Should().BeTrue();
        exposure.TryApply(new LedgerFeedBatch(0, 2, credits[..2])).Should().BeTrue();
        exposure.TryApply(new LedgerFeedBatch(1, 3, credits[1..])).Should().BeTrue();
        exposure.TryApply(new LedgerFeedBatch(5, 6, [Credit(6, "w-3", 1)])).Should().BeFalse();

        exposure.Report().Should().Be(new ExposureReport(1000, 0, 0, 0, 0, 3));
    }

    [Fact]
    public void Exposure_follows_wallets_below_zero_and_back_and_review_entries_until_decided()
    {
        var exposure = new ExposureProjection();

        exposure.TryApply(new LedgerFeedBatch(0, 6,
        [
            Credit(1, "w-1", 500),
            Charge(2, "w-1", "pos-1", 1, 800, balanceAfter: -300),
            Charge(3, "w-2", "pos-1", 2, 50, balanceAfter: -50),
            new ReviewHeldFact(4, At, "pos-1:3", "w-1", 900),
            new ReviewHeldFact(4, At, "pos-1:4", "w-2", 100),
            new ReviewDecidedFact(5, At, "pos-1:4", ReviewStatus.Dismissed),
            new CreditFact(6, At, "w-1", CreditKind.TopUp, 400, 100),
        ])).Should().BeTrue();

        exposure.Report().Should().Be(new ExposureReport(100, 1, 50, 1, 900, 6));
    }

    [Fact]
    public void A_terminal_is_acked_through_its_decided_seqs_in_any_order_and_counts_the_holes_below_its_highest()
    {
        var devices = new DeviceHealthProjection();

        devices.TryApply(new LedgerFeedBatch(0, 5,
        [
            new DeviceEnrolledFact(1, At, "pos-1", "bar-1"),
            Charge(2, "w-1", "pos-1", 2, 100, balanceAfter: 0, offline: true),
            new SeqsDecidedFact(3, At.AddMinutes(1), "pos-1", [5, 1]),
            new ChargeDeclinedFact(4, At.AddMinutes(2), "w-1", "pos-1", 7, WrongPin: false),
            new DeviceRevokedFact(5, At.AddMinutes(3), "pos-1"),
        ])).Should().BeTrue();

        devices.Report().Devices.Should().Equal(new DeviceHealth("pos-1", "bar-1", true, At.AddMinutes(2), 2, 7, 3, 1));
    }

    [Fact]
    public void Sync_lag_is_the_largest_distance_from_ackedThrough_to_the_highest_seq_and_counts_terminals_beyond_the_threshold()
    {
        var devices = new DeviceHealthProjection();
        var far = DeviceHealthProjection.LaggingSeqs + 2;

        devices.TryApply(new LedgerFeedBatch(0, 4,
        [
            new SeqsDecidedFact(1, At, "pos-1", [1, far]),
            new SeqsDecidedFact(2, At, "pos-2", [1, 2, 4]),
            new SeqsDecidedFact(3, At, "pos-3", [1, 2, 3]),
            new SeqsDecidedFact(4, At, "pos-4", [far + 1, 1]),
        ])).Should().BeTrue();
        devices.SyncLag().Should().Be(new SyncLag(far, 2));

        devices.TryApply(new LedgerFeedBatch(4, 6,
        [
            new SeqsDecidedFact(5, At, "pos-1", [.. Enumerable.Range(2, (int)far - 2).Select(seq => (long)seq)]),
            new SeqsDecidedFact(6, At, "pos-2", [3]),
        ])).Should().BeTrue();
        devices.SyncLag().Should().Be(new SyncLag(far, 1), "pos-4 still misses 2 to far");
    }

    [Fact]
    public void Sales_count_in_the_minute_the_terminal_sold_at_the_stand_it_was_enrolled_at()
    {
        var sales = new SalesProjection();

        sales.TryApply(new LedgerFeedBatch(0, 4,
        [
            new DeviceEnrolledFact(1, At, "pos-1", "bar-1"),
            Charge(2, "w-1", "pos-1", 1, 450, 0, createdAt: "2026-07-18T21:04:59Z"),
            Charge(3, "w-1", "pos-1", 2, 300, 0, createdAt: "2026-07-18T21:05:00Z"),
            Charge(4, "w-1", "pos-1", 3, 200, 0, createdAt: "2026-07-18T21:05:30.5Z"),
        ])).Should().BeTrue();

        sales.Report("bar-1", At.AddMinutes(-4), At.AddMinutes(6)).Minutes.Should().Equal(
            new SalesMinute(new DateTimeOffset(2026, 7, 18, 21, 4, 0, TimeSpan.Zero), 1, 450),
            new SalesMinute(new DateTimeOffset(2026, 7, 18, 21, 5, 0, TimeSpan.Zero), 2, 500));
        sales.Report("bar-1", At.AddSeconds(55), At.AddMinutes(6)).Minutes.Should().ContainSingle("a minute counts from its start");
        sales.Report("food-1", At.AddMinutes(-4), At.AddMinutes(6)).Minutes.Should().BeEmpty();
    }

    private static CreditFact Credit(long position, string walletId, long balanceAfter) =>
        new(position, At, walletId, CreditKind.TopUp, balanceAfter, balanceAfter);

    private static ChargeFact Charge(
        long position, string walletId, string deviceId, long seq, long amount, long balanceAfter, bool offline = false, string createdAt = "2026-07-18T21:04:05Z") =>
        new(position, At, walletId, deviceId, seq, amount, createdAt, offline, balanceAfter);
}
