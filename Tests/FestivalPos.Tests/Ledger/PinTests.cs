using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class PinTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task The_right_pin_pays_and_a_wrong_one_is_a_bad_credential()
    {
        var (walletId, deviceId) = await WalletWithPinAsync("4321");
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        (await device.Charge(Pin(deviceId, 1, walletId, "4321"))).Outcome.Should().Be(ChargeOutcome.Approved);
        (await device.Charge(Pin(deviceId, 2, walletId, "1234"))).Reason.Should().Be(DeclineReason.BadCredential);
        (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(900);
    }

    [Fact]
    public async Task Five_wrong_pins_lock_pin_payments_until_the_pin_is_set_again()
    {
        var (walletId, deviceId) = await WalletWithPinAsync("4321");
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        for (var seq = 1; seq <= LedgerLimits.MaxPinFailures; seq++)
        {
            (await device.Charge(Pin(deviceId, seq, walletId, "0000"))).Reason.Should().Be(DeclineReason.BadCredential);
        }

        (await device.Charge(Pin(deviceId, 6, walletId, "4321"))).Reason.Should().Be(DeclineReason.BadCredential);
        await _grains.GetGrain<IWalletGrain>(walletId).SetPin("5555");

        (await device.Charge(Pin(deviceId, 7, walletId, "5555"))).Outcome.Should().Be(ChargeOutcome.Approved);
    }

    [Fact]
    public async Task A_wallet_without_a_pin_declines_pin_payments()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();

        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Pin(deviceId, 1, walletId, "1234"))).Reason.Should().Be(DeclineReason.BadCredential);
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456789")]
    [InlineData("12a4")]
    [InlineData("")]
    public async Task Pins_are_four_to_eight_digits(string pin)
    {
        var (walletId, _) = await _grains.NewWalletAsync();

        (await _grains.GetGrain<IWalletGrain>(walletId).SetPin(pin)).Should().Be(WalletCommandOutcome.InvalidInput);
    }

    [Fact]
    public async Task The_pin_is_stored_only_as_a_salted_slow_hash()
    {
        var (walletId, _) = await WalletWithPinAsync("98765432");

        var payloads = (await ledger.Store.ReadAsync(WalletGrain.StreamId(walletId), 0)).Select(e => e.Payload).ToList();

        payloads.Should().NotContain(p => p.Contains("98765432"));
        var pinEvent = payloads.Single(p => p.Contains("pinSet"));
        pinEvent.Should().Contain("\"iterations\":600000").And.Contain("\"salt\":");
    }

    private async Task<(string WalletId, string DeviceId)> WalletWithPinAsync(string pin)
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        (await _grains.GetGrain<IWalletGrain>(walletId).SetPin(pin)).Should().Be(WalletCommandOutcome.Done);
        return (walletId, deviceId);
    }

    private static OnlineCharge Pin(string deviceId, long seq, string walletId, string pin) =>
        new(deviceId, seq, walletId, 100, new Credential(CredentialType.Pin, pin), CreatedAt);
}
