using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class GrainReferencesTests(LedgerCluster ledger)
{
    [Fact]
    public async Task A_reference_by_key_is_the_grain_orleans_would_give_for_every_interface_and_key()
    {
        foreach (var key in new[] { "w-1", "w-2", "ü/odd key" })
        {
            var wallet = ledger.Grains.Reference<IWalletGrain>(key);
            var device = ledger.Grains.Reference<IPosDeviceGrain>(key);

            wallet.GetGrainId().Should().Be(ledger.Grains.GetGrain<IWalletGrain>(key).GetGrainId());
            ((GrainReference)wallet).InterfaceType.Should().Be(((GrainReference)ledger.Grains.GetGrain<IWalletGrain>(key)).InterfaceType);
            device.GetGrainId().Should().Be(ledger.Grains.GetGrain<IPosDeviceGrain>(key).GetGrainId());
        }

        var (walletId, _) = await ledger.Grains.NewWalletAsync(250);
        (await ledger.Grains.Reference<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(250);
    }
}
