using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Review;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>The review queue: refused offline transactions, approved (applied once) or dismissed (wallet untouched).</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class ReviewQueueTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    private IReviewQueueGrain Queue => _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All);

    [Fact]
    public async Task An_approved_refusal_is_applied_exactly_once_and_then_answers_duplicate()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var sale = Signed(key, deviceId, 1, walletId, 70, "lost-wristband");
        (await Device(deviceId).SyncBatch([sale])).Results.Single().Reason.Should().Be(OfflineRejectReason.BadCredential);
        var reviewId = TxId.Format(deviceId, 1);

        (await Queue.Approve(reviewId)).Should().Be(ReviewOutcome.Done);
        (await Queue.Approve(reviewId)).Should().Be(ReviewOutcome.Done, "approving again changes nothing");
        await Queue.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        (await Queue.Approve(reviewId)).Should().Be(ReviewOutcome.Done);

        (await Balance(walletId)).Should().Be(30);
        (await Device(deviceId).SyncBatch([sale])).Results.Single().Status.Should().Be(OfflineStatus.Duplicate);
        (await Queue.Dismiss(reviewId)).Should().Be(ReviewOutcome.Conflict);
        (await _grains.HeldForReviewAsync(deviceId)).Single().Status.Should().Be(ReviewStatus.Approved);
        (await Balance(walletId)).Should().Be(30);
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task A_dismissed_refusal_leaves_the_wallet_untouched_and_keeps_answering_its_first_refusal()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 50);
        var sale = Signed(key, deviceId, 1, walletId, 60);
        (await Device(deviceId).SyncBatch([sale])).Results.Single().Reason.Should().Be(OfflineRejectReason.OverLimit);
        var reviewId = TxId.Format(deviceId, 1);

        (await Queue.Dismiss(reviewId)).Should().Be(ReviewOutcome.Done);
        (await Queue.Dismiss(reviewId)).Should().Be(ReviewOutcome.Done);
        (await Queue.Approve(reviewId)).Should().Be(ReviewOutcome.Conflict);

        (await Device(deviceId).SyncBatch([sale])).Results.Single().Reason.Should().Be(OfflineRejectReason.OverLimit);
        (await Balance(walletId)).Should().Be(100);
    }

    [Fact]
    public async Task Bad_signatures_conflicts_and_unknown_wallets_cannot_be_approved_and_unknown_ids_are_not_found()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 10) with { Amount = 11 },
            Signed(key, deviceId, 2, NewId("missing"), 10),
            Signed(key, deviceId, 3, walletId, 10)]);
        await Device(deviceId).SyncBatch([Signed(key, deviceId, 3, walletId, 12)]);

        var held = await _grains.HeldForReviewAsync(deviceId);
        held.Select(i => (i.Held.Seq, i.Held.Reason)).Should().Equal(
            (1, OfflineRejectReason.BadSignature), (2, OfflineRejectReason.UnknownWallet), (3, OfflineRejectReason.Conflict));
        foreach (var item in held)
        {
            (await Queue.Approve(item.Held.ReviewId)).Should().Be(ReviewOutcome.Conflict);
        }

        (await Queue.Approve(TxId.Format(deviceId, 99))).Should().Be(ReviewOutcome.NotFound);
        (await Queue.Dismiss(TxId.Format(deviceId, 99))).Should().Be(ReviewOutcome.NotFound);
        (await Balance(walletId)).Should().Be(90);
    }

    [Fact]
    public async Task A_sale_a_revoked_device_made_can_be_approved_and_its_qr_token_is_then_used()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var (otherDeviceId, otherKey) = await _grains.NewDeviceAsync();
        var token = (await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId)).Token;
        await Device(deviceId).Revoke();
        (await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 25, new Credential(CredentialType.Qr, token))])).Results.Single().Reason
            .Should().Be(OfflineRejectReason.DeviceRevoked);

        (await Queue.Approve(TxId.Format(deviceId, 1))).Should().Be(ReviewOutcome.Done);

        (await Balance(walletId)).Should().Be(75);
        (await Device(otherDeviceId).SyncBatch([Signed(otherKey, otherDeviceId, 1, walletId, 5, new Credential(CredentialType.Qr, token))])).Results.Single().Reason
            .Should().Be(OfflineRejectReason.CredentialReused);
    }

    [Fact]
    public async Task A_revoked_devices_copy_of_a_seq_charged_online_is_refused_but_approving_it_charges_nothing_twice()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var online = Nfc(deviceId, 1, walletId, 30, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        (await Device(deviceId).Charge(online)).Outcome.Should().Be(ChargeOutcome.Approved);
        await Device(deviceId).Revoke();

        var copy = await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 30, uid, online.CreatedAt)]);
        (await Queue.Approve(TxId.Format(deviceId, 1))).Should().Be(ReviewOutcome.Done);

        copy.Results.Single().Reason.Should().Be(OfflineRejectReason.DeviceRevoked);
        (await Balance(walletId)).Should().Be(70, "the seq was charged online; the approval finds it charged");
        (await Device(deviceId).Charge(online)).Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.DeviceRevoked);
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task An_approval_recorded_before_a_crash_is_applied_when_the_queue_activates_again()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 40, "lost-wristband")]);
        var reviewId = TxId.Format(deviceId, 1);
        (await _grains.HeldForReviewAsync(deviceId)).Single().Status.Should().Be(ReviewStatus.Pending);

        // What a crash between recording the approval and applying it leaves: the approval in the queue's stream, nothing applied.
        var stream = new EventStream<ReviewQueueState, ReviewEvent>(ledger.Store, ledger.Keys.Chain, $"review/{IReviewQueueGrain.All}", new ReviewQueueState());
        await stream.DecideAsync(_ => new Decision<ReviewEvent, bool>([new ReviewApproved(reviewId, DateTimeOffset.UtcNow)], true));
        (await Balance(walletId)).Should().Be(100);
        await Queue.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var held = await _grains.HeldForReviewAsync(deviceId);

        held.Single().Status.Should().Be(ReviewStatus.Approved);
        (await Balance(walletId)).Should().Be(60, "the queue finished the approval when it activated again");
        (await Queue.Approve(reviewId)).Should().Be(ReviewOutcome.Done);
        (await Balance(walletId)).Should().Be(60, "and applied it once");
    }

    [Fact]
    public async Task Pages_follow_positions_and_hold_one_entry_per_seq()
    {
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var missing = NewId("missing");
        await Device(deviceId).SyncBatch([.. Enumerable.Range(1, 5).Select(seq => Signed(key, deviceId, seq, missing, 1))]);
        await Device(deviceId).SyncBatch([.. Enumerable.Range(1, 5).Select(seq => Signed(key, deviceId, seq, missing, 1))]);

        var held = await _grains.HeldForReviewAsync(deviceId);

        held.Select(i => i.Held.Seq).Should().Equal(1, 2, 3, 4, 5);
        held.Select(i => i.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var page = await Queue.List(held[1].Position, 2);
        page.Items.Select(i => i.Position).Should().Equal(held[1].Position + 1, held[1].Position + 2);
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private async Task<long> Balance(string walletId) => (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance;
}
