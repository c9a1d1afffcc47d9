using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Tests.Ledger.Model;
using FestivalPos.Wire;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// Where the device/wallet model found the system answering otherwise than API.md 1.1 says. Each test states
/// the smallest sequence that shows it, asserts what API.md asks for, then replays the seed that found it with
/// only that pattern let through (the seed reproduces with the model's generator as of the commit that added it).
/// They are skipped until the system is fixed: remove the Skip together with the deviation's avoidance in
/// <see cref="ModelRunOptions.Default"/>.
/// </summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class DeviceWalletModelRegressionTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_badly_signed_copy_of_a_seq_approved_online_leaves_it_approved()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var online = Nfc(deviceId, 1, walletId, 100, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        (await Device(deviceId).Charge(online)).Outcome.Should().Be(ChargeOutcome.Approved);
        var sale = Signed(key, deviceId, 1, walletId, 100, uid, online.CreatedAt);

        Statuses(await Device(deviceId).SyncBatch([sale with { Signature = Signed(new byte[32], deviceId, 1, walletId, 100, uid, online.CreatedAt).Signature }]))
            .Should().Equal("Rejected:BadSignature");

        Statuses(await Device(deviceId).SyncBatch([sale])).Should().Equal(["Duplicate"], "API.md: a seq approved online answers duplicate in a batch");
        (await Device(deviceId).Charge(online)).Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Approved && r.Duplicate,
            "API.md: repeating the same seq with the same body returns the first answer again");
        await ReplayAsync(seed: 410, KnownDeviations.BadCopyOfChargedSeq);
    }

    [Fact(Skip = "Known bug: an online repeat of a seq declined online and then refused offline answers 409 (PosDeviceGrain.RepeatAsync, SeqOutcome.Rejected).")]
    public async Task An_online_repeat_of_a_seq_declined_online_and_refused_offline_gets_its_decline_again()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(10);
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100);
        var online = Nfc(deviceId, 1, walletId, 200, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        var declined = await Device(deviceId).Charge(online);
        declined.Reason.Should().Be(DeclineReason.InsufficientFunds);
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 200, uid, online.CreatedAt)])).Should().Equal("Rejected:OverLimit");

        (await Device(deviceId).Charge(online)).Should().Be(declined with { Duplicate = true },
            "API.md: repeating the same seq with the same body returns the first answer again (409 is for a different body)");
        await ReplayAsync(seed: 404, KnownDeviations.OnlineRepeatAfterOfflineRefusal);
    }

    [Fact(Skip = "Known bug: copies of one seq within a batch are answered from the batch's first copy (BatchSync.RepeatOf), not checked on their own nor held for review.")]
    public async Task Each_copy_of_a_seq_within_a_batch_is_checked_on_its_own_and_refusals_are_held()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var sale = Signed(key, deviceId, 1, walletId, 100, uid);
        var changed = Signed(key, deviceId, 1, walletId, 101, uid, sale.CreatedAt);
        var badlySigned = sale with { Signature = changed.Signature };
        var fresh = Signed(key, deviceId, 2, walletId, 50, uid);

        Statuses(await Device(deviceId).SyncBatch([sale])).Should().Equal("Applied");
        Statuses(await Device(deviceId).SyncBatch([changed, sale, badlySigned])).Should().Equal(
            ["Rejected:Conflict", "Duplicate", "Rejected:BadSignature"], "API.md: the seq is bound to the sale's content; check 1 fails for the badly signed copy");
        Statuses(await Device(deviceId).SyncBatch([fresh, fresh with { Amount = 51, Signature = Signed(key, deviceId, 2, walletId, 51, uid, fresh.CreatedAt).Signature }]))
            .Should().Equal("Applied", "Rejected:Conflict");
        (await _grains.HeldForReviewAsync(deviceId)).Select(i => (i.Held.Seq, i.Held.Reason)).Should().Equal(
            [(1, OfflineRejectReason.Conflict), (2, OfflineRejectReason.Conflict)], "API.md: every refused transaction is kept for review, one entry per seq");
        await ReplayAsync(seed: 120, KnownDeviations.CopiesWithinBatch);
    }

    [Fact]
    public async Task A_seq_bound_to_one_wallet_sent_for_another_is_a_conflict_before_any_credential_check()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 100, uid)])).Should().Equal("Applied");

        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, otherWalletId, 100, "not-linked")]))
            .Should().Equal(["Rejected:Conflict"], "API.md: check 4 (conflict) comes before check 5 (badCredential)");
        (await Review.Approve(ReferenceLedger.TxId(deviceId, 1))).Should().Be(ReviewOutcome.Conflict, "API.md: a conflict cannot be approved");
        await ReplayAsync(seed: 354, KnownDeviations.ConflictAtAnotherWallet);
    }

    [Fact]
    public async Task A_stale_wallet_activation_does_not_refuse_offline_a_seq_another_activation_approved()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(300);
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100);
        (await Wallet(walletId).GetView())!.Balance.Should().Be(300);
        var charge = Nfc(deviceId, 1, walletId, 150, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };

        // A second activation of the wallet (a membership change) approves the charge through its own stream view.
        var terms = ChargeTerms.Of(deviceId, 1, walletId, charge.Amount, charge.CreatedAt, charge.Credential);
        var stream = new EventStream<WalletState, WalletEvent>(ledger.Store, ledger.Keys.Chain, WalletGrain.StreamId(walletId), new WalletState());
        var approved = await stream.DecideAsync(state => WalletRules.DecideOnline(state, charge, terms, new CredentialCheck(true, null), DateTimeOffset.UtcNow)
            with { Index = [SeqBindings.Entry(deviceId, 1, terms)] });
        approved.Outcome.Should().Be(ChargeOutcome.Approved);

        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 150, uid, charge.CreatedAt)]))
            .Should().Equal(["Duplicate"], "API.md: a seq approved online answers duplicate in a batch");
        (await Device(deviceId).Charge(charge)).Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Approved && r.Duplicate);
        await ReplayAsync(seed: 640, KnownDeviations.StaleWalletOfflineRefusal);
    }

    [Fact(Skip = "Known bug: a QR token used by a review approval at another wallet still pays at its own wallet (used tokens are kept per wallet).")]
    public async Task A_qr_token_used_by_an_approved_charge_elsewhere_does_not_pay_again()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var token = (await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId)).Token;
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, otherWalletId, 30, new Credential(CredentialType.Qr, token))]))
            .Should().Equal("Rejected:BadCredential");
        (await Review.Approve(ReferenceLedger.TxId(deviceId, 1))).Should().Be(ReviewOutcome.Done);
        (await Wallet(otherWalletId).GetView())!.Balance.Should().Be(970);

        var online = await Device(deviceId).Charge(new OnlineCharge(deviceId, 2, walletId, 40, new Credential(CredentialType.Qr, token), WireTime.Format(DateTimeOffset.UtcNow)));

        online.Reason.Should().Be(DeclineReason.BadCredential, "API.md: a QR token pays for at most one charge, review approvals included");
        await ReplayAsync(seed: 3584, KnownDeviations.TokenApprovedAtAnotherWallet);
    }

    [Fact]
    public async Task An_unknown_wallet_is_refused_as_unknown_before_the_seq_is_found_to_conflict()
    {
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var missing = NewId("missing");
        var now = WireTime.Format(DateTimeOffset.UtcNow);
        (await Device(deviceId).Charge(Nfc(deviceId, 1, missing, 100, "uid") with { CreatedAt = now })).Outcome.Should().Be(ChargeOutcome.WalletNotFound);

        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, missing, 101, "uid", now)]))
            .Should().Equal(["Rejected:UnknownWallet"], "API.md: check 3 (unknownWallet) comes before check 4 (conflict)");
        await ReplayAsync(seed: 30, KnownDeviations.UnknownWalletOfDecidedSeq);
    }

    [Fact(Skip = "Known bug: a device activation that has not read a refusal another activation recorded answers 404 for the seq instead of 409 (PosDeviceGrain.SettleOnlineAsync keeps the wallet's 404 after RecordAsync found the seq decided).")]
    public async Task An_online_charge_for_an_unknown_wallet_under_a_seq_refused_elsewhere_is_a_conflict()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, _) = await _grains.NewDeviceAsync();
        (await Device(deviceId).GetView())!.AckedThrough.Should().Be(0);
        var now = WireTime.Format(DateTimeOffset.UtcNow);

        // Another activation of the device refused seq 1 (held it, recorded it with its binding) behind this one's back.
        var terms = ChargeTerms.Of(deviceId, 1, walletId, 30, now, new Credential(CredentialType.Nfc, uid));
        await Review.Hold([new HeldTransaction(deviceId, 1, walletId, 30, now, OfflineRejectReason.BadSignature)]);
        var stream = new EventStream<DeviceState, DeviceEvent>(ledger.Store, ledger.Keys.Chain, $"device/{deviceId}", new DeviceState());
        await stream.DecideAsync(_ => new Decision<DeviceEvent, bool>(
            [new SeqsDecided([new DecidedSeq(1, walletId, terms.Fingerprint, SeqOutcome.Rejected, OfflineRejectReason.BadSignature, 30, now)], DateTimeOffset.UtcNow)], true)
        {
            Index = [SeqBindings.Entry(deviceId, 1, terms)],
        });

        (await Device(deviceId).Charge(Nfc(deviceId, 1, NewId("missing"), 30, uid) with { CreatedAt = now })).Outcome
            .Should().Be(ChargeOutcome.Conflict, "API.md: the same seq with a different body is 409; the seq stays bound to its first content");
        await ReplayAsync(seed: 408, KnownDeviations.NotFoundOverStaleRefusal);
    }

    [Fact]
    public async Task Approving_a_held_entry_never_applies_other_content_than_it_holds()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(10);
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100);
        var online = Nfc(deviceId, 1, walletId, 50, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        (await Device(deviceId).Charge(online)).Reason.Should().Be(DeclineReason.InsufficientFunds);
        (await Device(deviceId).Revoke()).Should().BeTrue();

        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 51, uid, online.CreatedAt)])).Should().Equal("Rejected:DeviceRevoked");
        Statuses(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 50, uid, online.CreatedAt)])).Should().Equal("Rejected:DeviceRevoked");
        (await _grains.HeldForReviewAsync(deviceId)).Select(i => (i.Held.Seq, i.Held.Amount)).Should().Equal((1, 51L));

        (await Review.Approve(ReferenceLedger.TxId(deviceId, 1))).Should().Be(ReviewOutcome.Conflict, "the seq holds the sale of 50; the held copy of 51 cannot be applied under it");
        (await Wallet(walletId).GetView())!.Balance.Should().Be(10, "the organizer approved a sale of 51 that the seq cannot hold; the seq's other sale was not approved");

        // Found by reading the model's approval rule against the code: no seed among the first 5000 reaches it (it takes a
        // revocation and two differing copies in that order), so there is no replay here.
    }

    private Task ReplayAsync(int seed, KnownDeviations allowed) =>
        ModelRun.RunAsync(ledger, seed, ModelRunOptions.Default with { Avoid = ModelRunOptions.All & ~allowed });

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);

    private IReviewQueueGrain Review => _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All);

    private static string[] Statuses(BatchResult result) => [.. result.Results.Select(r => r.Reason is { } reason ? $"{r.Status}:{reason}" : $"{r.Status}")];
}
