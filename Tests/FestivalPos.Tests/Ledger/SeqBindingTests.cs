using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Feed;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// A seq is bound once, by the store: whatever a stale or duplicate activation believes, a second binding of a
/// (deviceId, seq) to another wallet or content is a conflict and moves no money. Run on every ledger backend whose
/// index entries bind the seq: SQLite, and the local Cosmos DB server, whose reservations and fencing do it there.
/// </summary>
public abstract class SeqBindingTests(LedgerCluster ledger) : IDisposable
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_seq_a_wallet_bound_behind_an_active_devices_back_is_a_conflict_online()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await Device(deviceId).GetView();

        // What a second activation of the device does: the wallet binds seq 1 without this activation hearing of it.
        (await Wallet(walletId).ChargeOnline(Nfc(deviceId, 1, walletId, 30, uid))).Outcome.Should().Be(ChargeOutcome.Approved);
        var reused = await Device(deviceId).Charge(Nfc(deviceId, 1, otherWalletId, 30, otherUid));

        reused.Outcome.Should().Be(ChargeOutcome.Conflict);
        reused.ConflictField.Should().Be("walletId");
        (await Balance(otherWalletId)).Should().Be(100);
        (await Device(deviceId).Charge(Nfc(deviceId, 1, otherWalletId, 30, otherUid))).Outcome.Should().Be(ChargeOutcome.Conflict, "the device learned the binding");
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task A_seq_a_wallet_bound_behind_an_active_devices_back_is_a_conflict_offline()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (otherWalletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        await Device(deviceId).GetView();
        (await Wallet(walletId).ChargeOnline(Nfc(deviceId, 1, walletId, 30, uid))).Outcome.Should().Be(ChargeOutcome.Approved);

        var result = await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, otherWalletId, 30)]);

        result.Results.Single().Reason.Should().Be(OfflineRejectReason.Conflict);
        (await Balance(otherWalletId)).Should().Be(100);
        (await Balance(walletId)).Should().Be(70);
    }

    [Fact]
    public async Task Two_wallets_never_both_take_one_seq_even_when_called_directly()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();

        var first = await Wallet(walletId).ChargeOnline(Nfc(deviceId, 7, walletId, 10, uid));
        var second = await Wallet(otherWalletId).ChargeOnline(Nfc(deviceId, 7, otherWalletId, 10, otherUid));

        first.Outcome.Should().Be(ChargeOutcome.Approved);
        second.Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Conflict && r.ConflictField == "walletId");
        (await Balance(otherWalletId)).Should().Be(100);
    }

    [Fact]
    public async Task The_same_seq_with_another_credential_is_a_conflict_naming_the_credential()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        await Wallet(walletId).SetPin("1234");

        var byPin = new OnlineCharge(deviceId, 1, walletId, 10, new Credential(CredentialType.Pin, "1234"), CreatedAt);
        (await Device(deviceId).Charge(byPin)).Outcome.Should().Be(ChargeOutcome.Approved);
        var otherPin = await Device(deviceId).Charge(byPin with { Credential = new Credential(CredentialType.Pin, "9999") });
        var byWristband = await Device(deviceId).Charge(byPin with { Credential = new Credential(CredentialType.Nfc, uid) });

        otherPin.Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Conflict && r.ConflictField == "credential.value");
        byWristband.Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Conflict && r.ConflictField == "credential.type");
        (await Balance(walletId)).Should().Be(90);
    }

    [Fact]
    public async Task A_wallet_activation_that_predates_its_creation_does_not_refuse_a_batch_as_unknown()
    {
        var walletId = NewId("w");
        var (deviceId, key) = await _grains.NewDeviceAsync();
        (await Wallet(walletId).GetView()).Should().BeNull("this activation loads the wallet before it exists");

        // Another activation (on another silo) creates it and links a wristband.
        var other = new EventStream<WalletState, WalletEvent>(ledger.Store, ledger.Keys.Chain, WalletGrain.StreamId(walletId), new WalletState());
        await other.DecideAsync(_ => new Decision<WalletEvent, bool>([new WalletCreated(DateTimeOffset.UtcNow), new WristbandLinked(UidOf(walletId), DateTimeOffset.UtcNow)], true));

        var result = await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 40)]);

        result.Results.Single().Status.Should().Be(OfflineStatus.Applied);
        (await Balance(walletId)).Should().Be(-40);
    }

    [Fact]
    public async Task A_device_activation_that_predates_its_revocation_applies_no_batch()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        (await Device(deviceId).GetView())!.Status.Should().Be(DeviceStatus.Active);

        var other = new EventStream<DeviceState, DeviceEvent>(ledger.Store, ledger.Keys.Chain, $"device/{deviceId}", new DeviceState());
        await other.DecideAsync(_ => new Decision<DeviceEvent, bool>([new DeviceRevoked(DateTimeOffset.UtcNow)], true));

        var result = await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 40)]);

        result.Results.Single().Reason.Should().Be(OfflineRejectReason.DeviceRevoked);
        (await Balance(walletId)).Should().Be(100);
    }

    [Fact]
    public async Task A_batch_repeating_a_seq_whose_wallet_cannot_be_reached_asks_for_a_resend()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var sale = Signed(key, deviceId, 1, walletId, 40);
        await Device(deviceId).GetView();
        await Wallet(walletId).GetView();
        ledger.Backend.FailNextCommits(EventStream<WalletState, WalletEvent>.MaxAppendAttempts);

        await FluentActions.Awaiting(() => Device(deviceId).SyncBatch([sale, sale])).Should().ThrowAsync<WalletUnavailableException>();

        ledger.Backend.Reset();
        (await Device(deviceId).SyncBatch([sale, sale])).Results.Select(r => r.Status).Should().Equal(OfflineStatus.Applied, OfflineStatus.Duplicate);
        (await Balance(walletId)).Should().Be(60);
    }

    [Fact]
    public async Task A_reactivated_device_learns_offline_seqs_its_wallets_bound()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        (await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 40)])).AckedThrough.Should().Be(1);
        await Device(deviceId).Cast<IGrainManagementExtension>().DeactivateOnIdle();

        (await Device(deviceId).Charge(Nfc(deviceId, 1, otherWalletId, 40, otherUid))).Outcome.Should().Be(ChargeOutcome.Conflict);
        (await Device(deviceId).GetView())!.AckedThrough.Should().Be(1);
        (await Balance(otherWalletId)).Should().Be(100);
    }

    public void Dispose()
    {
        ledger.Backend.Reset();
        GC.SuppressFinalize(this);
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);

    private async Task<long> Balance(string walletId) => (await Wallet(walletId).GetView())!.Balance;
}

/// <summary>The seq bindings on the shared cluster's SQLite ledger.</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class SqliteSeqBindingTests(LedgerCluster ledger) : SeqBindingTests(ledger);

/// <summary>The seq bindings on a ledger in the local Cosmos DB server, through the grains of a two-silo cluster.</summary>
public sealed class CosmosSeqBindingTests(CosmosLedgerCluster cluster) : SeqBindingTests(cluster.Ledger), IClassFixture<CosmosLedgerCluster>;
