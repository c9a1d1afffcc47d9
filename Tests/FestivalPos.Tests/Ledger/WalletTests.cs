using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class WalletTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_new_wallet_is_active_and_empty_and_cannot_be_created_twice()
    {
        var walletId = NewId("w");
        var wallet = Wallet(walletId);

        (await wallet.GetView()).Should().BeNull();
        (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
        (await wallet.Create()).Should().Be(WalletCommandOutcome.AlreadyExists);

        (await wallet.GetView()).Should().BeEquivalentTo(new WalletView(walletId, 0, WalletStatus.Active, [], 1));
    }

    [Fact]
    public async Task Top_up_applies_once_by_its_id()
    {
        var (walletId, _) = await _grains.NewWalletAsync();
        var topUpId = NewId("t");

        var first = await _grains.TopUpAsync(walletId, 700, topUpId);
        var again = await _grains.TopUpAsync(walletId, 700, topUpId);

        first.Should().Be(new TopUpResult(topUpId, TopUpOutcome.Applied, 700));
        again.Should().Be(new TopUpResult(topUpId, TopUpOutcome.Duplicate, 700));
    }

    [Fact]
    public async Task Top_up_id_reused_for_another_amount_or_wallet_is_a_conflict()
    {
        var (walletId, _) = await _grains.NewWalletAsync();
        var (otherWalletId, _) = await _grains.NewWalletAsync();
        var topUpId = NewId("t");
        await _grains.TopUpAsync(walletId, 700, topUpId);

        (await _grains.TopUpAsync(walletId, 701, topUpId)).Outcome.Should().Be(TopUpOutcome.Conflict);
        (await _grains.TopUpAsync(otherWalletId, 700, topUpId)).Outcome.Should().Be(TopUpOutcome.Conflict);
        (await Wallet(walletId).ApplyTopUp(new TopUpRequest(topUpId, walletId, 5))).Outcome.Should().Be(TopUpOutcome.Conflict);

        (await Balance(walletId)).Should().Be(700);
        (await Balance(otherWalletId)).Should().Be(0);
    }

    [Fact]
    public async Task Top_up_of_an_unknown_wallet_is_not_found_and_does_not_use_up_its_id()
    {
        var walletId = NewId("w");
        var topUpId = NewId("t");

        (await _grains.TopUpAsync(walletId, 300, topUpId)).Outcome.Should().Be(TopUpOutcome.WalletNotFound);
        await Wallet(walletId).Create();

        (await _grains.TopUpAsync(walletId, 300, topUpId)).Should().Be(new TopUpResult(topUpId, TopUpOutcome.Applied, 300));
    }

    [Fact]
    public async Task Top_up_amount_out_of_bounds_is_invalid()
    {
        var (walletId, _) = await _grains.NewWalletAsync();

        (await _grains.TopUpAsync(walletId, 0)).Outcome.Should().Be(TopUpOutcome.InvalidInput);
        (await _grains.TopUpAsync(walletId, LedgerLimits.MaxAmount + 1)).Outcome.Should().Be(TopUpOutcome.InvalidInput);
        (await Balance(walletId)).Should().Be(0);
    }

    [Fact]
    public async Task A_wristband_belongs_to_one_wallet_only()
    {
        var (walletId, uid) = await _grains.NewWalletAsync();
        var (otherWalletId, _) = await _grains.NewWalletAsync();

        (await Wallet(walletId).LinkWristband(uid)).Should().Be(WalletCommandOutcome.Done);
        (await Wallet(otherWalletId).LinkWristband(uid)).Should().Be(WalletCommandOutcome.WristbandTaken);
        (await Wallet(NewId("w")).LinkWristband(NewId("uid"))).Should().Be(WalletCommandOutcome.WalletNotFound);
        (await Wallet(walletId).LinkWristband("not valid")).Should().Be(WalletCommandOutcome.InvalidInput);
        (await _grains.GetGrain<IWristbandGrain>(uid).GetOwner()).Should().Be(walletId);
    }

    [Fact]
    public async Task Block_and_unblock_of_an_unknown_wallet_are_not_found()
    {
        (await Wallet(NewId("w")).Block()).Should().Be(WalletCommandOutcome.WalletNotFound);
        (await Wallet(NewId("w")).Unblock()).Should().Be(WalletCommandOutcome.WalletNotFound);
    }

    [Fact]
    public async Task Refunds_give_back_at_most_what_is_left_of_the_charge_once_per_refund_id()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 400, uid));
        var txId = $"{deviceId}:1";
        var wallet = Wallet(walletId);

        (await wallet.Refund(new RefundRequest("r1", txId, 300))).Should().Be(new RefundResult("r1", RefundOutcome.Applied, 900, 100));
        (await wallet.Refund(new RefundRequest("r1", txId, 300))).Outcome.Should().Be(RefundOutcome.Duplicate);
        (await wallet.Refund(new RefundRequest("r1", txId, 50))).Outcome.Should().Be(RefundOutcome.Conflict);
        (await wallet.Refund(new RefundRequest("r2", txId, 101))).Should().Be(new RefundResult("r2", RefundOutcome.ExceedsCharge, 900, 100));
        (await wallet.Refund(new RefundRequest("r3", txId, 100))).Outcome.Should().Be(RefundOutcome.Applied);
        (await wallet.Refund(new RefundRequest("r4", txId, 1))).Outcome.Should().Be(RefundOutcome.ExceedsCharge);
        (await wallet.Refund(new RefundRequest("r5", $"{deviceId}:99", 1))).Outcome.Should().Be(RefundOutcome.ChargeNotFound);
        (await wallet.Refund(new RefundRequest("r6", txId, 0))).Outcome.Should().Be(RefundOutcome.InvalidInput);

        (await Balance(walletId)).Should().Be(1000);
    }

    [Fact]
    public async Task A_declined_charge_cannot_be_refunded()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(10);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 400, uid));

        (await Wallet(walletId).Refund(new RefundRequest("r1", $"{deviceId}:1", 1))).Outcome.Should().Be(RefundOutcome.ChargeNotFound);
        (await Balance(walletId)).Should().Be(10);
    }

    [Fact]
    public async Task History_pages_list_signed_entries_oldest_first()
    {
        var (walletId, uid) = await _grains.NewWalletAsync();
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await _grains.TopUpAsync(walletId, 1000, "top-1");
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 300, uid));
        await Wallet(walletId).Refund(new RefundRequest("refund-1", $"{deviceId}:1", 100));

        var first = await Wallet(walletId).GetHistory(0, 2);
        var second = await Wallet(walletId).GetHistory(first!.Next!.Value, 2);

        first.Entries.Select(e => (e.Kind, e.Amount, e.BalanceAfter, e.TxId)).Should().Equal(
            (EntryKind.TopUp, 1000L, 1000L, "top-1"), (EntryKind.Charge, -300L, 700L, $"{deviceId}:1"));
        first.Entries[1].Should().Match<WalletEntry>(e => e.DeviceId == deviceId && e.Seq == 1 && e.CreatedAt == CreatedAt && e.Hash.Length == 64);
        second!.Entries.Select(e => (e.Kind, e.Amount, e.BalanceAfter)).Should().Equal((EntryKind.Refund, 100L, 800L));
        second.Next.Should().BeNull();
        first.Entries.Select(e => e.Position).Concat(second.Entries.Select(e => e.Position)).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await Wallet(NewId("w")).GetHistory(0, 10)).Should().BeNull();
    }

    [Fact]
    public async Task Each_wallet_is_a_verifiable_hash_chain()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 300, uid));

        var verification = await Wallet(walletId).VerifyChain();

        verification.Should().Be(new ChainVerification(true, 4, null, null));
    }

    [Fact]
    public async Task Ledger_invariants_hold_over_everything_the_tests_wrote()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 300, uid));
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch([Signed(key, deviceId, 2, walletId, 2000)]);

        var totals = await ledger.Invariants.AssertHoldAsync();

        totals.Wallets.Should().BeGreaterThan(0);
        totals.Balances.Should().Be(totals.TopUps - totals.Charges + totals.Refunds);
    }

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);

    private async Task<long> Balance(string walletId) => (await Wallet(walletId).GetView())!.Balance;
}
