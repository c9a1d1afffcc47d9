using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class ConcurrencyTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task Many_concurrent_charges_on_one_wallet_never_overdraw_it()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(500);
        var devices = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            devices.Add((await _grains.NewDeviceAsync()).DeviceId);
        }

        var charges = Enumerable.Range(0, 200).Select(i => devices[i % devices.Count]).Select((deviceId, i) =>
            _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, (i / devices.Count) + 1, walletId, 10, uid)));
        var results = await Task.WhenAll(charges);

        results.Count(r => r.Outcome == ChargeOutcome.Approved).Should().Be(50);
        results.Where(r => r.Outcome != ChargeOutcome.Approved).Should().OnlyContain(r => r.Reason == DeclineReason.InsufficientFunds);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(0);
    }

    [Fact]
    public async Task The_same_charge_sent_concurrently_many_times_applies_once()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var charge = Nfc(deviceId, 1, walletId, 100, uid);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(charge)));

        results.Should().OnlyContain(r => r.Outcome == ChargeOutcome.Approved && r.Balance == 900);
        results.Count(r => !r.Duplicate).Should().Be(1);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(900);
    }

    [Fact]
    public async Task The_same_top_up_sent_concurrently_many_times_applies_once()
    {
        var (walletId, _) = await _grains.NewWalletAsync();
        var topUpId = NewId("t");

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => _grains.TopUpAsync(walletId, 250, topUpId)));

        results.Count(r => r.Outcome == TopUpOutcome.Applied).Should().Be(1);
        results.Count(r => r.Outcome == TopUpOutcome.Duplicate).Should().Be(29);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(250);
    }

    [Fact]
    public async Task The_same_offline_batch_sent_concurrently_applies_each_charge_once()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var batch = Enumerable.Range(1, 40).Select(seq => Signed(key, deviceId, seq, seq % 2 == 0 ? walletId : otherWalletId, 5)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch(batch)));

        results.SelectMany(r => r.Results).Count(r => r.Status == OfflineStatus.Applied).Should().Be(40);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(900);
        (await _grains.GetGrain<IWalletGrain>(otherWalletId).GetView())!.Balance.Should().Be(900);
        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).GetView())!.AckedThrough.Should().Be(40);
    }
}
