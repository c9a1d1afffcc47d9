using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>A festival with <c>Wristbands:Credential=nfc-sun</c>: a wristband's uid alone, which any writable tag can clone, pays nothing.</summary>
[Collection(SunOnlyFestivalCollection.Name)]
public sealed class SunOnlyFestivalTests(SunOnlyFestival festival)
{
    private readonly IGrainFactory _grains = festival.Ledger.Grains;

    [Fact]
    public async Task A_cloned_uid_is_declined_online_and_nothing_changes()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var versionBefore = (await Wallet(walletId).GetView())!.Version;

        var cloned = await Device(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, uid));

        cloned.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Declined, DeclineReason.BadCredential, 1000, Duplicate: false));
        (await Wallet(walletId).GetView()).Should().Match<WalletView>(v => v.Balance == 1000 && v.Version == versionBefore + 1,
            "the decline is recorded, so a repeat answers it, and moves no money");
        (await Device(deviceId).Charge(Paid(deviceId, 2, walletId, 100, SunTap(festival.Ledger.Keys, uid, 1)))).Outcome.Should().Be(ChargeOutcome.Approved);
    }

    [Fact]
    public async Task A_cloned_uid_offline_is_bad_credential_and_held_for_review()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();

        var result = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 100, uid),
            Signed(key, deviceId, 2, walletId, 100, SunTap(festival.Ledger.Keys, uid, 1))]);

        result.Results.Select(r => (r.Status, r.Reason)).Should().Equal((OfflineStatus.Rejected, OfflineRejectReason.BadCredential), (OfflineStatus.Applied, null));
        (await Wallet(walletId).GetView())!.Balance.Should().Be(900);
        (await _grains.HeldForReviewAsync(deviceId)).Select(i => (i.Held.Seq, i.Held.Reason, i.Status))
            .Should().Equal((1, OfflineRejectReason.BadCredential, ReviewStatus.Pending));
        await festival.Ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task The_offline_snapshot_tells_terminals_that_only_sun_wristbands_pay()
    {
        var snapshot = await _grains.GetGrain<IOfflineSnapshotGrain>(IOfflineSnapshotGrain.AllWallets).GetSnapshot(0, 1);

        snapshot.WristbandCredential.Should().Be("nfc-sun");
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);
}
