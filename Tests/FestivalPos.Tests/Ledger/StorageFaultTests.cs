using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>Writes that fail, and writes that succeed but whose answer is lost, still give exactly once.</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class StorageFaultTests(LedgerCluster ledger) : IDisposable
{
    private const int MaxAppendAttempts = EventStream<WalletState, WalletEvent>.MaxAppendAttempts;
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_failed_write_is_decided_again_and_applied_once()
    {
        var (walletId, uid, deviceId, _) = await SetUpAsync();
        ledger.Backend.FailNextCommits(1);

        var result = await Device(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, uid));

        result.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 900, false));
        (await Balance(walletId)).Should().Be(900);
    }

    [Fact]
    public async Task A_write_whose_answer_is_lost_is_recognised_on_reload_and_answered_as_the_first_time()
    {
        var (walletId, uid, deviceId, _) = await SetUpAsync();
        ledger.Backend.LoseNextCommitAnswers(2);

        var result = await Device(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, uid));

        result.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 900, false));
        (await Balance(walletId)).Should().Be(900);
        (await Device(deviceId).GetView())!.AckedThrough.Should().Be(1);
    }

    [Fact]
    public async Task A_command_whose_answer_is_lost_is_not_refused_as_already_done()
    {
        var wallet = _grains.GetGrain<IWalletGrain>(NewId("w"));
        ledger.Backend.LoseNextCommitAnswers(1);

        (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
        (await wallet.Create()).Should().Be(WalletCommandOutcome.AlreadyExists);
    }

    [Fact]
    public async Task When_storage_keeps_failing_the_caller_gets_an_error_and_its_retry_applies_once()
    {
        var (walletId, uid, deviceId, _) = await SetUpAsync();
        var charge = Nfc(deviceId, 1, walletId, 100, uid);
        ledger.Backend.FailNextCommits(MaxAppendAttempts);

        await FluentActions.Awaiting(() => Device(deviceId).Charge(charge)).Should().ThrowAsync<IOException>();
        (await Balance(walletId)).Should().Be(1000);

        (await Device(deviceId).Charge(charge)).Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 900, false));
        (await Balance(walletId)).Should().Be(900);
    }

    [Fact]
    public async Task A_charge_written_while_the_caller_saw_an_error_is_found_by_the_retry_and_not_applied_again()
    {
        var (walletId, uid, deviceId, _) = await SetUpAsync();
        var charge = Nfc(deviceId, 1, walletId, 100, uid);
        ledger.Backend.LoseNextCommitAnswers(1);
        ledger.Backend.FailNextReads(1);

        await FluentActions.Awaiting(() => Device(deviceId).Charge(charge)).Should().ThrowAsync<IOException>();

        (await Device(deviceId).Charge(charge)).Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 900, true));
        (await Balance(walletId)).Should().Be(900);
        (await Device(deviceId).GetView())!.AckedThrough.Should().Be(1);
    }

    [Fact]
    public async Task A_batch_through_lost_answers_and_resent_applies_each_charge_once()
    {
        var (walletId, _, deviceId, key) = await SetUpAsync();
        OfflineTransaction[] batch = [Signed(key, deviceId, 1, walletId, 100), Signed(key, deviceId, 2, walletId, 200)];
        ledger.Backend.LoseNextCommitAnswers(2);

        var first = await Device(deviceId).SyncBatch(batch);
        var resent = await Device(deviceId).SyncBatch(batch);

        first.Results.Select(r => r.Status).Should().Equal(OfflineStatus.Applied, OfflineStatus.Applied);
        resent.Results.Select(r => r.Status).Should().Equal(OfflineStatus.Duplicate, OfflineStatus.Duplicate);
        resent.AckedThrough.Should().Be(2);
        (await Balance(walletId)).Should().Be(700);
    }

    [Fact]
    public async Task A_batch_interrupted_by_storage_faults_fails_and_its_resend_applies_nothing_twice()
    {
        var (walletId, _, deviceId, key) = await SetUpAsync();
        OfflineTransaction[] batch = [Signed(key, deviceId, 1, walletId, 100), Signed(key, deviceId, 2, walletId, 200)];
        await _grains.GetGrain<IWalletGrain>(walletId).GetView();
        ledger.Backend.LoseNextCommitAnswers(1);
        ledger.Backend.FailNextReads(1);

        await FluentActions.Awaiting(() => Device(deviceId).SyncBatch(batch)).Should().ThrowAsync<Exception>();
        var resent = await Device(deviceId).SyncBatch(batch);

        // Whichever fault hit the first attempt (the device's read or the wallet's commit), each charge is applied once.
        resent.Results.Should().OnlyContain(r => r.Status == OfflineStatus.Applied || r.Status == OfflineStatus.Duplicate);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetHistory(0, 10))!.Entries.Count(e => e.Kind == EntryKind.Charge).Should().Be(2);
        resent.AckedThrough.Should().Be(2);
        (await Balance(walletId)).Should().Be(700);
        await ledger.Invariants.AssertHoldAsync();
    }

    public void Dispose() => ledger.Backend.Reset();

    private async Task<(string WalletId, string Uid, string DeviceId, byte[] Key)> SetUpAsync()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        return (walletId, uid, deviceId, key);
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private async Task<long> Balance(string walletId) => (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance;
}
