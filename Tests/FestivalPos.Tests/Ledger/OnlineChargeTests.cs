using System.Security.Cryptography;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

[Collection(LedgerClusterCollection.Name)]
public sealed class OnlineChargeTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task Approved_charge_moves_the_balance_and_a_repeat_returns_the_first_answer()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        var first = await device.Charge(Nfc(deviceId, 1, walletId, 450, uid));
        var repeat = await device.Charge(Nfc(deviceId, 1, walletId, 450, uid));

        first.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 550, Duplicate: false));
        repeat.Should().Be(first with { Duplicate = true });
        (await Balance(walletId)).Should().Be(550);
        (await device.GetView())!.AckedThrough.Should().Be(1);
    }

    [Fact]
    public async Task Same_seq_with_another_amount_or_wallet_is_a_conflict_and_charges_nothing()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await device.Charge(Nfc(deviceId, 1, walletId, 100, uid));

        (await device.Charge(Nfc(deviceId, 1, walletId, 200, uid))).Outcome.Should().Be(ChargeOutcome.Conflict);
        (await device.Charge(Nfc(deviceId, 1, otherWalletId, 100, otherUid))).Outcome.Should().Be(ChargeOutcome.Conflict);
        (await _grains.GetGrain<IWalletGrain>(walletId).ChargeOnline(Nfc(deviceId, 1, walletId, 300, uid))).Outcome.Should().Be(ChargeOutcome.Conflict);

        (await Balance(walletId)).Should().Be(900);
        (await Balance(otherWalletId)).Should().Be(1000);
    }

    [Fact]
    public async Task Unlinked_wristband_is_declined_as_bad_credential_and_moves_nothing()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (_, strangerUid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, strangerUid));

        result.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Declined, DeclineReason.BadCredential, 1000, false));
        (await Balance(walletId)).Should().Be(1000);
    }

    [Fact]
    public async Task Blocked_wallet_is_declined_after_the_credential_check_and_unblocking_restores_it()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var wallet = _grains.GetGrain<IWalletGrain>(walletId);
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await wallet.Block();

        (await device.Charge(Nfc(deviceId, 1, walletId, 100, uid))).Reason.Should().Be(DeclineReason.WalletBlocked);
        (await device.Charge(Nfc(deviceId, 2, walletId, 100, "not-linked"))).Reason.Should().Be(DeclineReason.BadCredential);
        (await wallet.GetView())!.Status.Should().Be(WalletStatus.Blocked);
        await wallet.Unblock();
        (await device.Charge(Nfc(deviceId, 3, walletId, 100, uid))).Outcome.Should().Be(ChargeOutcome.Approved);
        (await Balance(walletId)).Should().Be(900);
    }

    [Fact]
    public async Task Insufficient_funds_declines_and_the_recorded_decline_is_repeated_even_after_a_top_up()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        var first = await device.Charge(Nfc(deviceId, 1, walletId, 101, uid));
        await _grains.TopUpAsync(walletId, 1000);
        var repeat = await device.Charge(Nfc(deviceId, 1, walletId, 101, uid));

        first.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Declined, DeclineReason.InsufficientFunds, 100, false));
        repeat.Should().Be(first with { Duplicate = true });
        (await Balance(walletId)).Should().Be(1100);
    }

    [Fact]
    public async Task Exact_balance_is_approved_down_to_zero()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();

        var result = await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, uid));

        result.Outcome.Should().Be(ChargeOutcome.Approved);
        result.Balance.Should().Be(0);
    }

    [Fact]
    public async Task Unknown_wallet_answers_not_found_and_still_decides_the_seq()
    {
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        var result = await device.Charge(Nfc(deviceId, 1, NewId("missing"), 100, "uid"));

        result.Outcome.Should().Be(ChargeOutcome.WalletNotFound);
        (await device.GetView())!.AckedThrough.Should().Be(1);
    }

    [Fact]
    public async Task Unknown_and_revoked_devices_cannot_charge()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var unknown = NewId("d");
        await _grains.GetGrain<IPosDeviceGrain>(deviceId).Revoke();

        (await _grains.GetGrain<IPosDeviceGrain>(unknown).Charge(Nfc(unknown, 1, walletId, 100, uid))).Outcome.Should().Be(ChargeOutcome.DeviceNotFound);
        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).Charge(Nfc(deviceId, 1, walletId, 100, uid))).Outcome.Should().Be(ChargeOutcome.DeviceRevoked);
        (await Balance(walletId)).Should().Be(1000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(LedgerLimits.MaxAmount + 1)]
    public async Task Amount_out_of_bounds_is_invalid_and_changes_nothing(long amount)
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        (await device.Charge(Nfc(deviceId, 1, walletId, amount, uid))).Outcome.Should().Be(ChargeOutcome.InvalidInput);

        (await Balance(walletId)).Should().Be(1000);
        (await device.GetView())!.AckedThrough.Should().Be(0);
    }

    [Fact]
    public async Task Seq_must_be_positive_and_ids_well_formed()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);

        (await device.Charge(Nfc(deviceId, 0, walletId, 100, uid))).Outcome.Should().Be(ChargeOutcome.InvalidInput);
        (await device.Charge(Nfc("someone-else", 1, walletId, 100, uid))).Outcome.Should().Be(ChargeOutcome.InvalidInput);
        (await _grains.GetGrain<IWalletGrain>("bad id!").Create()).Should().Be(WalletCommandOutcome.InvalidInput);
        (await Balance(walletId)).Should().Be(1000);
    }

    [Fact]
    public async Task A_qr_token_issued_for_the_wallet_pays_and_any_other_token_is_a_bad_credential()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var qr = _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey);
        var token = (await qr.Issue(walletId)).Token;
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = QrToken.Create(forger, walletId, DateTimeOffset.UtcNow.AddSeconds(30));

        (await device.Charge(Qr(deviceId, 1, walletId, token))).Outcome.Should().Be(ChargeOutcome.Approved);
        (await device.Charge(Qr(deviceId, 2, otherWalletId, token))).Reason.Should().Be(DeclineReason.BadCredential);
        (await device.Charge(Qr(deviceId, 3, walletId, forged))).Reason.Should().Be(DeclineReason.BadCredential);
        (await device.Charge(Qr(deviceId, 4, walletId, token[..^4] + "AAAA"))).Reason.Should().Be(DeclineReason.BadCredential);
        (await Balance(walletId)).Should().Be(900);
        (await Balance(otherWalletId)).Should().Be(1000);
    }

    [Fact]
    public async Task An_online_charge_is_written_once_by_its_wallet_and_a_reactivated_device_still_knows_its_seqs()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var approved = await device.Charge(Nfc(deviceId, 1, walletId, 60, uid));
        var declined = await device.Charge(Nfc(deviceId, 2, walletId, 60, uid));

        (await ledger.Store.ReadAsync($"device/{deviceId}", 0)).Should().HaveCount(1, "the device stream holds only its enrollment");
        await device.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        (await device.GetView())!.AckedThrough.Should().Be(2);
        (await device.Charge(Nfc(deviceId, 1, otherWalletId, 60, otherUid))).Outcome.Should().Be(ChargeOutcome.Conflict);
        (await device.Charge(Nfc(deviceId, 1, walletId, 60, uid))).Should().Be(approved with { Duplicate = true });
        (await device.Charge(Nfc(deviceId, 2, walletId, 60, uid))).Should().Be(declined with { Duplicate = true });
        (await Balance(walletId)).Should().Be(40);
        (await Balance(otherWalletId)).Should().Be(100);
    }

    [Fact]
    public async Task A_charge_its_wallet_made_durable_is_known_to_the_device_even_when_the_device_never_heard_the_answer()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (otherWalletId, otherUid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await device.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        // What is left when the device's activation dies after forwarding the charge: only the wallet's write.
        (await _grains.GetGrain<IWalletGrain>(walletId).ChargeOnline(Nfc(deviceId, 1, walletId, 30, uid))).Outcome.Should().Be(ChargeOutcome.Approved);

        (await device.GetView())!.Should().Match<DeviceView>(v => v.AckedThrough == 1 && v.Gaps.Length == 0);
        (await device.Charge(Nfc(deviceId, 1, otherWalletId, 30, otherUid))).Outcome.Should().Be(ChargeOutcome.Conflict);
        (await device.Charge(Nfc(deviceId, 1, walletId, 30, uid))).Duplicate.Should().BeTrue();
        (await Balance(walletId)).Should().Be(70);
        (await Balance(otherWalletId)).Should().Be(100);
    }

    [Fact]
    public async Task A_qr_token_pays_for_one_charge_and_a_repeat_of_that_charge_is_not_a_second_use()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var token = (await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId)).Token;

        var first = await device.Charge(Qr(deviceId, 1, walletId, token));
        var repeat = await device.Charge(Qr(deviceId, 1, walletId, token));
        var second = await device.Charge(Qr(deviceId, 2, walletId, token));

        first.Outcome.Should().Be(ChargeOutcome.Approved);
        repeat.Should().Be(first with { Duplicate = true });
        second.Reason.Should().Be(DeclineReason.BadCredential);
        (await Balance(walletId)).Should().Be(900);
    }

    [Fact]
    public async Task A_declined_qr_charge_does_not_use_its_token()
    {
        var (walletId, _) = await _grains.NewWalletAsync(50);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var token = (await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId)).Token;

        (await device.Charge(Qr(deviceId, 1, walletId, token))).Reason.Should().Be(DeclineReason.InsufficientFunds);
        await _grains.TopUpAsync(walletId, 100);

        (await device.Charge(Qr(deviceId, 2, walletId, token))).Outcome.Should().Be(ChargeOutcome.Approved);
    }

    [Fact]
    public async Task A_device_starts_at_most_its_pin_budget_of_new_pin_payments_a_minute_and_the_rest_stay_undecided()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        await _grains.GetGrain<IWalletGrain>(walletId).SetPin("2468");
        OnlineCharge Pin(long seq) => new(deviceId, seq, walletId, 1, new Credential(CredentialType.Pin, "2468"), CreatedAt);

        for (var seq = 1; seq <= 20; seq++)
        {
            (await device.Charge(Pin(seq))).Outcome.Should().Be(ChargeOutcome.Approved);
        }

        var refused = await device.Charge(Pin(21));
        var repeat = await device.Charge(Pin(20));

        refused.Outcome.Should().Be(ChargeOutcome.PinAttemptsExceeded);
        refused.RetryAfterSeconds.Should().BeInRange(1, 60);
        repeat.Duplicate.Should().BeTrue("a repeat of a decided seq is no new attempt");
        (await device.GetView())!.AckedThrough.Should().Be(20, "the refused seq stays undecided");
        (await device.Charge(Nfc(deviceId, 21, walletId, 1, UidOf(walletId)))).Outcome.Should().Be(ChargeOutcome.Approved, "only PIN payments count");
        (await Balance(walletId)).Should().Be(979);
    }

    private static OnlineCharge Qr(string deviceId, long seq, string walletId, string token) =>
        Nfc(deviceId, seq, walletId, 100, "") with { Credential = new Credential(CredentialType.Qr, token) };

    private async Task<long> Balance(string walletId) => (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance;
}
