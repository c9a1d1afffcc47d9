using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Holders;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// Cash-out and holder data through the grains of a cluster of its own (its desk sees only these wallets): batches made
/// at once pay each wallet once, the exposure projection still equals the ledger, erasure leaves the chain verifiable.
/// </summary>
public sealed class CashOutClusterTests(LedgerCluster ledger) : IClassFixture<LedgerCluster>
{
    private const int MaxPolls = 400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly HolderData Holder = new("Ana Lopez", "ana@example.org", "DE89 3704 0044 0532 0130 00");
    private readonly IGrainFactory _grains = ledger.Grains;

    private ICashOutDeskGrain Desk => _grains.GetGrain<ICashOutDeskGrain>(ICashOutDeskGrain.Key);

    [Fact]
    public async Task Batches_made_at_once_pay_each_wallet_once_and_the_exposure_projection_equals_the_ledger()
    {
        var wallets = new List<(string WalletId, string Uid)>();
        for (var i = 0; i < 6; i++)
        {
            var wallet = await _grains.NewWalletAsync(1_000 + (i * 100));
            (await _grains.GetGrain<IWalletHolderGrain>(wallet.WalletId).Set(Holder)).Outcome.Should().Be(HolderOutcome.Done);
            (await Desk.Request(wallet.WalletId)).Outcome.Should().Be(CashOutOutcome.Requested);
            wallets.Add(wallet);
        }

        // After the requests: a late offline charge takes one wallet below zero, an online charge lowers another.
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 5_000);
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        (await device.SyncBatch([Signed(key, deviceId, 1, wallets[0].WalletId, 1_500)])).Results.Single().Status.Should().Be(OfflineStatus.Applied);
        (await device.Charge(Nfc(deviceId, 2, wallets[1].WalletId, 400, wallets[1].Uid))).Outcome.Should().Be(ChargeOutcome.Approved);

        var batches = await Task.WhenAll(
            Desk.OpenBatch("batch-a"), Desk.OpenBatch("batch-b"), Desk.OpenBatch("batch-a"), Desk.OpenBatch("batch-c"));

        var lines = batches.Where(b => b.Batch is not null).Select(b => b.Batch!).DistinctBy(b => b.BatchId).SelectMany(b => b.Payouts).ToList();
        lines.Where(l => l.Status == PayoutStatus.Pending).Select(l => l.WalletId).Should().OnlyHaveUniqueItems("each wallet is paid out once");
        batches[0].Batch.Should().BeEquivalentTo(batches[2].Batch, "the same batchId answers the same batch");
        foreach (var (walletId, _) in wallets.Skip(1))
        {
            var history = (await _grains.GetGrain<IWalletGrain>(walletId).GetHistory(0, 100))!;
            history.Entries.Where(e => e.Kind == EntryKind.Adjustment).Should().ContainSingle($"wallet {walletId} is debited by one entry");
            (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(0);
        }

        lines.Single(l => l.WalletId == wallets[1].WalletId && l.Status == PayoutStatus.Pending).Paid.Should().Be(1_100 - 400, "the balance at batch time is paid, the fee being 0");
        lines.Where(l => l.WalletId == wallets[0].WalletId).Should().NotBeEmpty().And.OnlyContain(l => l.Status == PayoutStatus.Skipped && l.Outcome == PayoutOutcome.Overdrawn);
        (await _grains.GetGrain<IWalletGrain>(wallets[0].WalletId).GetView())!.Balance.Should().Be(-500, "a skipped wallet is not debited");

        var totals = await ledger.Invariants.AssertHoldAsync();
        totals.Payouts.Should().Be(lines.Where(l => l.Status == PayoutStatus.Pending).Sum(l => l.Paid + l.Fee));
        await AssertExposureEqualsLedgerAsync();
    }

    [Fact]
    public async Task Erasure_removes_the_holder_data_once_the_payout_is_confirmed_and_the_ledger_still_verifies()
    {
        var (walletId, _) = await _grains.NewWalletAsync(900);
        var holder = _grains.GetGrain<IWalletHolderGrain>(walletId);
        await holder.Set(Holder);
        (await ledger.Holders.ReadHolderDataAsync(walletId, CancellationToken.None))!.Sealed.Should().NotContain("Lopez", "holder data is sealed at rest");
        (await Desk.Request(walletId)).Outcome.Should().Be(CashOutOutcome.Requested);

        (await holder.Erase()).Outcome.Should().Be(HolderOutcome.CashOutPending, "the payout still needs the IBAN");
        var batch = (await Desk.OpenBatch(NewId("batch"))).Batch!;
        var payout = batch.Payouts.Single(p => p.WalletId == walletId);
        (await holder.Erase()).Outcome.Should().Be(HolderOutcome.CashOutPending, "the transfer is not confirmed yet");
        (await Desk.Confirm(payout.PayoutId)).Should().Be(PayoutConfirmOutcome.Confirmed);
        (await Desk.Confirm(payout.PayoutId)).Should().Be(PayoutConfirmOutcome.AlreadyConfirmed);

        var erased = await holder.Erase();

        erased.Outcome.Should().Be(HolderOutcome.Done);
        erased.Record!.Data.Should().BeNull();
        var row = await ledger.Holders.ReadHolderDataAsync(walletId, CancellationToken.None);
        row!.Sealed.Should().BeNull("the sealed data is gone from storage");
        row.ErasedAt.Should().Be(erased.Record.ErasedAt);
        (await holder.Get()).Record.Should().Be(erased.Record, "a read after erasure shows only the tombstone");
        (await Desk.GetDestinations(batch.BatchId)).Single(d => d.PayoutId == payout.PayoutId).Iban.Should().BeNull();
        (await _grains.GetGrain<IWalletGrain>(walletId).VerifyChain()).IsValid.Should().BeTrue();
        var verification = await LedgerVerifier.VerifyAsync(ledger.Store, ledger.Feed, ledger.Keys.Chain, CancellationToken.None);
        verification.IsValid.Should().BeTrue(verification.ToString());
    }

    [Fact]
    public async Task A_refused_request_records_nothing()
    {
        var (walletId, _) = await _grains.NewWalletAsync(500);
        var wallet = _grains.GetGrain<IWalletGrain>(walletId);
        var before = (await wallet.GetView())!.Version;

        (await Desk.Request(walletId)).Outcome.Should().Be(CashOutOutcome.NoPayoutDestination);
        await _grains.GetGrain<IWalletHolderGrain>(walletId).Set(new HolderData("Ana", null, null));
        (await Desk.Request(walletId)).Outcome.Should().Be(CashOutOutcome.NoPayoutDestination, "a name is not somewhere to pay");
        (await Desk.Request(NewId("w-absent"))).Outcome.Should().Be(CashOutOutcome.WalletNotFound);

        (await wallet.GetView())!.Version.Should().Be(before);
        (await wallet.GetCashOut()).Should().BeNull();
    }

    private async Task AssertExposureEqualsLedgerAsync()
    {
        var status = await _grains.GetGrain<ILedgerFeedPumpGrain>(LedgerFeedStreams.Key).Pump();
        var exposure = _grains.GetGrain<IExposureProjectionGrain>(LedgerFeedStreams.Key);
        for (var poll = 0; poll < MaxPolls && (await exposure.GetExposure()).ThroughPosition < status.Head; poll++)
        {
            await Task.Delay(PollInterval);
        }

        var balances = new List<long>();
        await foreach (var streamId in ledger.Store.ListStreamsAsync("wallet/"))
        {
            balances.Add((await _grains.GetGrain<IWalletGrain>(streamId["wallet/".Length..]).GetView())!.Balance);
        }

        var live = await exposure.GetExposure();
        live.ThroughPosition.Should().BeGreaterThanOrEqualTo(status.Head);
        (live.OutstandingBalance, live.OverdrawnWallets, live.OverdrawnAmount).Should().Be(
            (balances.Where(b => b > 0).Sum(), (long)balances.Count(b => b < 0), -balances.Where(b => b < 0).Sum()));
        (await exposure.Rebuild()).Should().Be(status.Head);
        (await exposure.GetExposure()).Should().Be(live, "a rebuild from position 0 decodes the payouts the same way");
    }
}
