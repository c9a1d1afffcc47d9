using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using FestivalPos.Wire.Sun;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// <c>nfc-sun</c> credentials: a wristband's SUN message pays when its wristband is linked, its MAC verifies under
/// that wristband's key, and its read has not paid before; online and offline alike, moving nothing otherwise.
/// </summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class SunWristbandTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_sun_tap_pays_online_once_and_its_message_replayed_under_a_new_seq_is_declined()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var tap = SunTap(ledger.Keys, uid, 7);

        var paid = await Device(deviceId).Charge(Paid(deviceId, 1, walletId, 300, tap));
        var repeat = await Device(deviceId).Charge(Paid(deviceId, 1, walletId, 300, tap));
        var replayed = await Device(deviceId).Charge(Paid(deviceId, 2, walletId, 300, tap));

        paid.Should().Be(new ChargeResult($"{deviceId}:1", ChargeOutcome.Approved, null, 700, Duplicate: false));
        repeat.Should().Be(paid with { Duplicate = true });
        replayed.Should().Be(new ChargeResult($"{deviceId}:2", ChargeOutcome.Declined, DeclineReason.BadCredential, 700, Duplicate: false));
        (await Balance(walletId)).Should().Be(700);
    }

    [Fact]
    public async Task A_forged_mac_or_a_wristband_of_another_wallet_is_declined_and_moves_nothing()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (_, strangerUid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        var forged = SunMessage.Create(new byte[AesCmac.KeyBytes], uid, 7);

        var results = new[]
        {
            await Device(deviceId).Charge(Paid(deviceId, 1, walletId, 100, new Credential(CredentialType.NfcSun, forged.Value))),
            await Device(deviceId).Charge(Paid(deviceId, 2, walletId, 100, SunTap(ledger.Keys, strangerUid, 7))),
            await Device(deviceId).Charge(Paid(deviceId, 3, walletId, 100, new Credential(CredentialType.NfcSun, uid))),
        };

        results.Select(r => (r.Outcome, r.Reason)).Should().AllBeEquivalentTo((ChargeOutcome.Declined, (DeclineReason?)DeclineReason.BadCredential));
        (await Balance(walletId)).Should().Be(1000);
        (await Device(deviceId).Charge(Paid(deviceId, 4, walletId, 100, SunTap(ledger.Keys, uid, 7)))).Outcome.Should().Be(ChargeOutcome.Approved,
            "a declined message does not use up its read");
    }

    [Fact]
    public async Task Online_a_read_older_than_one_that_paid_is_declined_but_offline_it_settles()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        (await Device(deviceId).Charge(Paid(deviceId, 3, walletId, 100, SunTap(ledger.Keys, uid, 12)))).Outcome.Should().Be(ChargeOutcome.Approved);

        var skimmed = await Device(deviceId).Charge(Paid(deviceId, 4, walletId, 100, SunTap(ledger.Keys, uid, 11)));
        var soldOfflineBefore = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 100, SunTap(ledger.Keys, uid, 10)),
            Signed(key, deviceId, 2, walletId, 100, SunTap(ledger.Keys, uid, 11))]);

        skimmed.Reason.Should().Be(DeclineReason.BadCredential);
        Statuses(soldOfflineBefore).Should().Equal("Applied", "Applied");
        (await Balance(walletId)).Should().Be(700);
    }

    [Fact]
    public async Task Offline_a_forged_or_replayed_sun_message_is_bad_credential_and_held_for_review()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var paidOnline = SunTap(ledger.Keys, uid, 20);
        (await Device(deviceId).Charge(Paid(deviceId, 1, walletId, 100, paidOnline))).Outcome.Should().Be(ChargeOutcome.Approved);
        var honest = SunTap(ledger.Keys, uid, 21);
        var forged = new Credential(CredentialType.NfcSun, SunMessage.Create(new byte[AesCmac.KeyBytes], uid, 22).Value);

        var result = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 2, walletId, 50, honest),
            Signed(key, deviceId, 3, walletId, 50, honest),
            Signed(key, deviceId, 4, walletId, 50, forged),
            Signed(key, deviceId, 5, walletId, 50, paidOnline)]);

        Statuses(result).Should().Equal("Applied", "Rejected:BadCredential", "Rejected:BadCredential", "Rejected:BadCredential");
        result.AckedThrough.Should().Be(5);
        (await Balance(walletId)).Should().Be(850);
        (await _grains.HeldForReviewAsync(deviceId)).Select(i => (i.Held.Seq, i.Held.Reason, i.Status)).Should().Equal(
            (3, OfflineRejectReason.BadCredential, ReviewStatus.Pending),
            (4, OfflineRejectReason.BadCredential, ReviewStatus.Pending),
            (5, OfflineRejectReason.BadCredential, ReviewStatus.Pending));
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 6, walletId, 50, honest)])).Should().Equal("Rejected:BadCredential");
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task A_terminal_cannot_change_the_counter_or_mac_of_a_sun_message_it_signed()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var signed = Signed(key, deviceId, 1, walletId, 50, SunTap(ledger.Keys, uid, 30));
        var altered = signed with { Credential = SunTap(ledger.Keys, uid, 31) };

        Statuses(await Device(deviceId).SyncBatch([altered])).Should().Equal("Rejected:BadSignature");
        (await Balance(walletId)).Should().Be(1000);
    }

    [Fact]
    public async Task An_approved_forged_sun_sale_is_applied_without_using_up_the_read_it_claims()
    {
        var (walletId, uid) = await _grains.NewSunWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var forged = new Credential(CredentialType.NfcSun, SunMessage.Create(new byte[AesCmac.KeyBytes], uid, 40).Value);
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 100, forged)])).Should().Equal("Rejected:BadCredential");

        (await _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All).Approve(TxId.Format(deviceId, 1))).Should().Be(ReviewOutcome.Done);
        var genuine = await Device(deviceId).Charge(Paid(deviceId, 2, walletId, 100, SunTap(ledger.Keys, uid, 40)));

        genuine.Outcome.Should().Be(ChargeOutcome.Approved, "the forged message proved no read, so the wristband's own read 40 still pays");
        (await Balance(walletId)).Should().Be(800);
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private async Task<long> Balance(string walletId) => (await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance;

    private static string[] Statuses(BatchResult result) => [.. result.Results.Select(r => r.Reason is { } reason ? $"{r.Status}:{reason}" : $"{r.Status}")];
}
