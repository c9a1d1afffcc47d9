using System.Text.Json;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Infrastructure;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Snapshots;

[Collection(LedgerClusterCollection.Name)]
public sealed class OfflineSnapshotGrainTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_new_wallet_appears_with_its_balance_status_and_wristband()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(750);

        var view = await _grains.WaitForAsync(walletId, v => v.Balance == 750);

        view.Status.Should().Be(WalletStatus.Active);
        view.Uids.Should().Equal(uid);
        view.PinLocked.Should().BeFalse();
        view.WalletVersion.Should().Be((await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Version);
    }

    [Fact]
    public async Task Charges_top_ups_and_blocks_update_the_view_and_move_its_version_on()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var created = await _grains.WaitForAsync(walletId, v => v.Balance == 1000);

        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 300, uid))).Outcome.Should().Be(ChargeOutcome.Approved);
        var charged = await _grains.WaitForAsync(walletId, v => v.Balance == 700);
        (await _grains.TopUpAsync(walletId, 50)).Outcome.Should().Be(TopUpOutcome.Applied);
        var toppedUp = await _grains.WaitForAsync(walletId, v => v.Balance == 750);
        (await _grains.GetGrain<IWalletGrain>(walletId).Block()).Should().Be(WalletCommandOutcome.Done);
        var blocked = await _grains.WaitForAsync(walletId, v => v.Status == WalletStatus.Blocked);
        (await _grains.GetGrain<IWalletGrain>(walletId).Unblock()).Should().Be(WalletCommandOutcome.Done);
        var unblocked = await _grains.WaitForAsync(walletId, v => v.Status == WalletStatus.Active && v.WalletVersion > blocked.WalletVersion);

        long[] versions = [created.SnapshotVersion, charged.SnapshotVersion, toppedUp.SnapshotVersion, blocked.SnapshotVersion, unblocked.SnapshotVersion];
        versions.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        unblocked.Balance.Should().Be(750);
    }

    [Fact]
    public async Task Reading_since_a_version_returns_only_what_changed_after_it()
    {
        var (unchanged, _) = await _grains.NewWalletAsync(100);
        var (changed, _) = await _grains.NewWalletAsync(100);
        await _grains.WaitForAsync(changed, v => v.Balance == 100);
        await _grains.WaitForAsync(unchanged, v => v.Balance == 100);
        var since = await _grains.HeadAsync();

        (await _grains.TopUpAsync(changed, 25)).Outcome.Should().Be(TopUpOutcome.Applied);
        var view = await _grains.WaitForAsync(changed, v => v.Balance == 125, since);

        var (views, version) = await _grains.ReadAllAsync(since);
        views.Should().NotContain(v => v.WalletId == unchanged);
        views.Should().ContainSingle(v => v.WalletId == changed);
        views.Should().OnlyContain(v => v.SnapshotVersion > since);
        view.SnapshotVersion.Should().BeGreaterThan(since);
        version.Should().BeGreaterThanOrEqualTo(view.SnapshotVersion);
        (await _grains.ReadAllAsync(version)).Views.Should().NotContain(v => v.WalletId == changed);
    }

    [Fact]
    public async Task Pages_follow_the_limit_in_version_order_and_say_when_more_follows()
    {
        var since = await _grains.HeadAsync();
        var wallets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (walletId, _) = await _grains.NewWalletAsync(10 + i);
            await _grains.WaitForAsync(walletId, v => v.Balance == 10 + i, since);
            wallets.Add(walletId);
        }

        var pages = new List<OfflineSnapshot>();
        for (var version = since; pages.Count == 0 || pages[^1].More;)
        {
            pages.Add(await _grains.Snapshot().GetSnapshot(version, limit: 1));
            version = pages[^1].Version;
        }

        pages.Should().OnlyContain(p => p.Wallets.Length == 1 || (p.Wallets.Length == 0 && !p.More));
        pages.Take(pages.Count - 1).Should().OnlyContain(p => p.More);
        pages[^1].More.Should().BeFalse();
        var views = pages.SelectMany(p => p.Wallets).ToList();
        views.Select(v => v.SnapshotVersion).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        views.Select(v => v.WalletId).Where(wallets.Contains).Should().Equal(wallets);
        pages.Where(p => p.Wallets.Length == 1).Should().OnlyContain(p => p.Version == p.Wallets[0].SnapshotVersion);
    }

    [Fact]
    public async Task A_pin_never_appears_and_wrong_pins_lock_it()
    {
        const string pin = "98765432";
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        (await _grains.GetGrain<IWalletGrain>(walletId).SetPin(pin)).Should().Be(WalletCommandOutcome.Done);

        var wallet = await _grains.GetGrain<IWalletGrain>(walletId).GetView();
        var view = await _grains.WaitForAsync(walletId, v => v.WalletVersion == wallet!.Version);

        var json = JsonSerializer.Serialize(view);
        json.Should().NotContain(pin).And.NotContainAny("salt", "Salt", "hash", "Hash", "iterations", "Iterations");
        view.PinLocked.Should().BeFalse();

        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        for (var seq = 1; seq <= LedgerLimits.MaxPinFailures; seq++)
        {
            (await device.Charge(PinCharge(deviceId, seq, walletId, "0000"))).Reason.Should().Be(DeclineReason.BadCredential);
        }

        var locked = await _grains.WaitForAsync(walletId, v => v.PinLocked);
        locked.SnapshotVersion.Should().BeGreaterThan(view.SnapshotVersion);
    }

    [Fact]
    public async Task A_rebuilt_snapshot_holds_the_same_views_at_newer_versions()
    {
        var walletIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (walletId, _) = await _grains.NewWalletAsync(200 + i);
            walletIds.Add(walletId);
        }

        await _grains.GetGrain<IWalletGrain>(walletIds[0]).SetPin("2468");
        await _grains.GetGrain<IWalletGrain>(walletIds[1]).Block();
        var before = new List<WalletOfflineView>();
        foreach (var walletId in walletIds)
        {
            var walletVersion = await WalletVersionOf(walletId);
            before.Add(await _grains.WaitForAsync(walletId, v => v.WalletVersion == walletVersion));
        }

        await _grains.Snapshot().Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var newest = before.Max(v => v.SnapshotVersion);
        var rebuilt = new List<WalletOfflineView>();
        foreach (var walletId in walletIds)
        {
            rebuilt.Add(await _grains.WaitForAsync(walletId, v => v.SnapshotVersion > newest));
        }

        rebuilt.Should().BeEquivalentTo(before, options => options.Excluding(v => v.SnapshotVersion).WithStrictOrdering());
    }

    private async Task<long> WalletVersionOf(string walletId) => (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Version;

    private static OnlineCharge PinCharge(string deviceId, long seq, string walletId, string pin) =>
        new(deviceId, seq, walletId, 10, new Credential(CredentialType.Pin, pin), CreatedAt);
}
