using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class OfflineBatchTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task Signed_charges_apply_even_below_zero_and_flag_the_wallet_overdrawn_until_topped_up()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        var result = await device.SyncBatch([Signed(key, deviceId, 1, walletId, 400), Signed(key, deviceId, 2, walletId, 300)]);

        result.Results.Select(r => r.Status).Should().Equal(OfflineStatus.Applied, OfflineStatus.Applied);
        result.AckedThrough.Should().Be(2);
        var view = await Wallet(walletId).GetView();
        view!.Balance.Should().Be(-200);
        view.Flags.Should().Equal(WalletFlag.Overdrawn);
        (await device.Charge(Nfc(deviceId, 3, walletId, 1, uid))).Reason.Should().Be(DeclineReason.WalletFlagged);

        await _grains.TopUpAsync(walletId, 200);
        (await Wallet(walletId).GetView())!.Flags.Should().BeEmpty();
        (await device.Charge(Nfc(deviceId, 4, walletId, 1, uid))).Reason.Should().Be(DeclineReason.InsufficientFunds);
    }

    [Fact]
    public async Task Charges_on_a_blocked_wallet_apply_and_flag_spent_while_blocked()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        await Wallet(walletId).Block();

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 100)]);

        result.Results.Single().Status.Should().Be(OfflineStatus.Applied);
        var view = await Wallet(walletId).GetView();
        view!.Balance.Should().Be(400);
        view.Flags.Should().Equal(WalletFlag.SpentWhileBlocked);
        await Wallet(walletId).Unblock();
        (await Wallet(walletId).GetView())!.Flags.Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_signature_unknown_wallet_and_revoked_device_are_rejected_kept_for_review_and_never_applied()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var missingWallet = NewId("missing");
        var forged = Signed(key, deviceId, 1, walletId, 100) with { Amount = 1 };
        var wrongKey = Signed(new byte[32], deviceId, 2, walletId, 100);
        var garbage = Signed(key, deviceId, 3, walletId, 100) with { Signature = "not base64!" };

        var result = await device.SyncBatch([forged, wrongKey, garbage, Signed(key, deviceId, 4, missingWallet, 100)]);

        result.Results.Select(r => (r.Status, r.Reason)).Should().Equal(
            (OfflineStatus.Rejected, OfflineRejectReason.BadSignature),
            (OfflineStatus.Rejected, OfflineRejectReason.BadSignature),
            (OfflineStatus.Rejected, OfflineRejectReason.BadSignature),
            (OfflineStatus.Rejected, OfflineRejectReason.UnknownWallet));
        result.AckedThrough.Should().Be(4);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(500);
        (await Wallet(missingWallet).GetView()).Should().BeNull();
        (await _grains.HeldForReviewAsync(deviceId)).Select(r => (r.Held.Seq, r.Held.Reason)).Should().Equal(
            (1, OfflineRejectReason.BadSignature), (2, OfflineRejectReason.BadSignature),
            (3, OfflineRejectReason.BadSignature), (4, OfflineRejectReason.UnknownWallet));

        await device.Revoke();
        var afterRevoke = await device.SyncBatch([Signed(key, deviceId, 5, walletId, 100)]);
        afterRevoke.Results.Single().Reason.Should().Be(OfflineRejectReason.DeviceRevoked);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(500);
        (await _grains.HeldForReviewAsync(deviceId)).Should().HaveCount(5);
    }

    [Fact]
    public async Task Sending_a_batch_again_answers_duplicate_and_charges_nothing_more()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        OfflineTransaction[] batch = [Signed(key, deviceId, 1, walletId, 100), Signed(key, deviceId, 2, walletId, 50)];

        await device.SyncBatch(batch);
        var again = await device.SyncBatch(batch);

        again.Results.Select(r => r.Status).Should().Equal(OfflineStatus.Duplicate, OfflineStatus.Duplicate);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(350);
    }

    [Fact]
    public async Task A_seq_repeated_within_one_batch_applies_once_and_a_changed_copy_conflicts()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var original = Signed(key, deviceId, 1, walletId, 100);

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch([original, original, Signed(key, deviceId, 1, walletId, 999)]);

        result.Results.Select(r => (r.Status, r.Reason)).Should().Equal(
            (OfflineStatus.Applied, null), (OfflineStatus.Duplicate, null), (OfflineStatus.Rejected, OfflineRejectReason.Conflict));
        (await Wallet(walletId).GetView())!.Balance.Should().Be(400);
    }

    [Fact]
    public async Task A_seq_resent_with_other_content_is_a_conflict_never_a_second_charge()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var (otherWalletId, _) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await device.SyncBatch([Signed(key, deviceId, 1, walletId, 100)]);

        var result = await device.SyncBatch([Signed(key, deviceId, 1, walletId, 200), Signed(key, deviceId, 1, otherWalletId, 100)]);

        result.Results.Select(r => r.Reason).Should().Equal(OfflineRejectReason.Conflict, OfflineRejectReason.Conflict);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(400);
        (await Wallet(otherWalletId).GetView())!.Balance.Should().Be(500);
    }

    [Fact]
    public async Task An_online_charge_settled_again_through_a_batch_is_a_duplicate()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(500);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await device.Charge(Nfc(deviceId, 1, walletId, 100, uid));

        var result = await device.SyncBatch([Signed(key, deviceId, 1, walletId, 100, uid, CreatedAt)]);

        result.Results.Single().Status.Should().Be(OfflineStatus.Duplicate);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(400);
    }

    [Fact]
    public async Task Cursor_stops_below_gaps_and_moves_once_they_are_filled_in_any_order()
    {
        var (walletId, _) = await _grains.NewWalletAsync(10_000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        var first = await device.SyncBatch([Signed(key, deviceId, 5, walletId, 1), Signed(key, deviceId, 1, walletId, 1), Signed(key, deviceId, 2, walletId, 1)]);
        first.AckedThrough.Should().Be(2);
        (await device.GetView())!.Gaps.Should().Equal(3, 4);

        var second = await device.SyncBatch([Signed(key, deviceId, 4, walletId, 1), Signed(key, deviceId, 3, walletId, 1)]);
        second.AckedThrough.Should().Be(5);
        (await device.GetView())!.Gaps.Should().BeEmpty();
    }

    [Fact]
    public async Task Charges_reach_each_wallet_in_seq_order_whatever_the_batch_order()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        OfflineTransaction[] batch =
        [
            Signed(key, deviceId, 6, walletId, 6), Signed(key, deviceId, 5, otherWalletId, 5), Signed(key, deviceId, 4, walletId, 4),
            Signed(key, deviceId, 3, otherWalletId, 3), Signed(key, deviceId, 2, walletId, 2), Signed(key, deviceId, 1, otherWalletId, 1),
        ];

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch(batch);

        result.Results.Select(r => r.Seq).Should().Equal(6, 5, 4, 3, 2, 1);
        var history = await Wallet(walletId).GetHistory(0, 100);
        history!.Entries.Where(e => e.Kind == EntryKind.Charge).Select(e => e.Seq).Should().Equal(2L, 4L, 6L);
        var otherHistory = await Wallet(otherWalletId).GetHistory(0, 100);
        otherHistory!.Entries.Where(e => e.Kind == EntryKind.Charge).Select(e => e.Seq).Should().Equal(1L, 3L, 5L);
    }

    [Fact]
    public async Task Unknown_device_and_oversized_batches_are_refused_whole()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var unknown = NewId("d");
        var oversized = Enumerable.Range(1, LedgerLimits.MaxBatchSize + 1).Select(seq => Signed(key, deviceId, seq, walletId, 1)).ToArray();

        (await _grains.GetGrain<IPosDeviceGrain>(unknown).SyncBatch([Signed(key, unknown, 1, walletId, 1)])).Outcome.Should().Be(BatchOutcome.DeviceNotFound);
        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch(oversized)).Outcome.Should().Be(BatchOutcome.TooLarge);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(1000);
    }

    [Fact]
    public async Task A_full_batch_across_many_wallets_applies_every_charge_once()
    {
        var wallets = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            wallets.Add((await _grains.NewWalletAsync(100_000)).WalletId);
        }

        var (deviceId, key) = await _grains.NewDeviceAsync();
        var batch = Enumerable.Range(1, LedgerLimits.MaxBatchSize).Select(seq => Signed(key, deviceId, seq, wallets[seq % wallets.Count], 10)).ToArray();

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch(batch);

        result.Results.Should().OnlyContain(r => r.Status == OfflineStatus.Applied);
        result.AckedThrough.Should().Be(LedgerLimits.MaxBatchSize);
        foreach (var walletId in wallets)
        {
            (await Wallet(walletId).GetView())!.Balance.Should().Be(100_000 - (10 * LedgerLimits.MaxBatchSize / wallets.Count));
        }
    }

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);
}
