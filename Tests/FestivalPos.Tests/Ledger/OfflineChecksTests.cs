using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>The offline checks of API.md 1.1, in order, each refusal held for review and moving no money.</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class OfflineChecksTests(LedgerCluster ledger)
{
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task A_terminal_cannot_drain_a_wallet_with_a_credential_it_cannot_prove()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();

        var result = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, LedgerLimits.MaxAmount, "NOT-LINKED"),
            Signed(key, deviceId, 2, walletId, LedgerLimits.MaxAmount, uid),
            Signed(key, deviceId, 3, walletId, 50, new Credential(CredentialType.Pin, "1234"))]);

        Reasons(result).Should().Equal(OfflineRejectReason.BadCredential, OfflineRejectReason.OverLimit, OfflineRejectReason.BadCredential);
        result.AckedThrough.Should().Be(3, "a refusal decides its seq");
        (await Balance(walletId)).Should().Be(100);
        (await _grains.HeldForReviewAsync(deviceId)).Select(i => (i.Held.Seq, i.Held.Reason, i.Status)).Should().Equal(
            (1, OfflineRejectReason.BadCredential, ReviewStatus.Pending),
            (2, OfflineRejectReason.OverLimit, ReviewStatus.Pending),
            (3, OfflineRejectReason.BadCredential, ReviewStatus.Pending));
        await ledger.Invariants.AssertHoldAsync();
    }

    [Fact]
    public async Task A_refused_seq_answers_its_first_refusal_again_even_once_its_credential_would_pass()
    {
        var (walletId, _) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var late = NewId("uid");
        var sale = Signed(key, deviceId, 1, walletId, 30, late);
        Reasons(await Device(deviceId).SyncBatch([sale])).Should().Equal(OfflineRejectReason.BadCredential);

        await Wallet(walletId).LinkWristband(late);

        Reasons(await Device(deviceId).SyncBatch([sale])).Should().Equal(OfflineRejectReason.BadCredential);
        (await Balance(walletId)).Should().Be(100);
    }

    [Fact]
    public async Task Device_limits_per_sale_per_wallet_and_per_hour_refuse_what_exceeds_them()
    {
        var (walletId, uid) = await _grains.NewWalletAsync();
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100);

        var perWallet = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 101, uid),
            .. Enumerable.Range(2, 4).Select(seq => Signed(key, deviceId, seq, walletId, 100, uid)),
            Signed(key, deviceId, 6, walletId, 1, uid)]);

        Statuses(perWallet).Should().Equal("Rejected:OverLimit", "Applied", "Applied", "Applied", "Applied", "Rejected:OverLimit");
        (await Balance(walletId)).Should().Be(-400, "four sales of 100 reach the device's 4 × 100 for one wallet");

        var (bigDevice, bigKey) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 300_000);
        var (rich, richUid) = await _grains.NewWalletAsync();
        var hour = WireTime.Format(DateTimeOffset.UtcNow);
        var perHour = await Device(bigDevice).SyncBatch([
            Signed(bigKey, bigDevice, 1, rich, 300_000, richUid, hour),
            Signed(bigKey, bigDevice, 2, rich, 200_000, richUid, hour),
            Signed(bigKey, bigDevice, 3, rich, 1, richUid, hour)]);
        Statuses(perHour).Should().Equal("Applied", "Applied", "Rejected:OverLimit");

        var future = WireTime.Format(DateTimeOffset.UtcNow.AddMinutes(6));
        var beforeEnrollment = WireTime.Format(DateTimeOffset.UtcNow.AddHours(-2));
        var (otherDevice, otherKey) = await _grains.NewDeviceAsync();
        Reasons(await Device(otherDevice).SyncBatch([
            Signed(otherKey, otherDevice, 1, walletId, 1, uid, future),
            Signed(otherKey, otherDevice, 2, walletId, 1, uid, beforeEnrollment)])).Should().Equal(OfflineRejectReason.OverLimit, OfflineRejectReason.OverLimit);
    }

    [Fact]
    public async Task The_hourly_limit_counts_only_what_was_applied_before_it_in_seq_order()
    {
        var (walletId, uid) = await _grains.NewWalletAsync();
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 300_000);
        var hour = WireTime.Format(DateTimeOffset.UtcNow);

        var result = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 300_000, "not-linked", hour),
            Signed(key, deviceId, 2, walletId, 300_000, uid, hour),
            Signed(key, deviceId, 3, walletId, 200_000, uid, hour)]);

        Statuses(result).Should().Equal("Rejected:BadCredential", "Applied", "Applied");
    }

    [Fact]
    public async Task A_qr_token_pays_once_offline_and_must_name_the_wallet_and_be_valid_when_the_sale_was_made()
    {
        var (walletId, _) = await _grains.NewWalletAsync(1000);
        var (otherWalletId, _) = await _grains.NewWalletAsync(1000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var token = (await _grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).Issue(walletId)).Token;
        var afterExpiry = WireTime.Format(DateTimeOffset.UtcNow.AddSeconds(QrToken.Lifetime.TotalSeconds + 65));

        var result = await Device(deviceId).SyncBatch([
            Signed(key, deviceId, 1, walletId, 10, Qr(token)),
            Signed(key, deviceId, 2, walletId, 20, Qr(token)),
            Signed(key, deviceId, 3, otherWalletId, 30, Qr(token)),
            Signed(key, deviceId, 4, walletId, 40, Qr("e30.AAAA"))]);
        var expired = await Device(deviceId).SyncBatch([Signed(key, deviceId, 5, walletId, 50, Qr(token), afterExpiry)]);

        Statuses(result).Should().Equal("Applied", "Rejected:CredentialReused", "Rejected:BadCredential", "Rejected:BadCredential");
        Statuses(expired).Should().Equal("Rejected:BadCredential");
        (await Balance(walletId)).Should().Be(990);
    }

    [Fact]
    public async Task A_sale_declined_online_and_then_sold_offline_under_its_seq_is_charged()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(100);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var online = Nfc(deviceId, 1, walletId, 300, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        (await Device(deviceId).Charge(online)).Reason.Should().Be(DeclineReason.InsufficientFunds);
        var offline = Signed(key, deviceId, 1, walletId, 300, uid, online.CreatedAt);

        Statuses(await Device(deviceId).SyncBatch([offline])).Should().Equal("Applied");
        Statuses(await Device(deviceId).SyncBatch([offline])).Should().Equal("Duplicate");
        Reasons(await Device(deviceId).SyncBatch([Signed(key, deviceId, 1, walletId, 301, uid, online.CreatedAt)])).Should().Equal(OfflineRejectReason.Conflict);

        (await Balance(walletId)).Should().Be(-200);
        (await Wallet(walletId).GetView())!.Flags.Should().Equal(WalletFlag.Overdrawn);
        (await Device(deviceId).Charge(online)).Should().Match<ChargeResult>(r => r.Outcome == ChargeOutcome.Approved && r.Duplicate);
    }

    [Fact]
    public async Task A_seq_declined_online_and_refused_offline_keeps_its_offline_refusal()
    {
        var (walletId, uid) = await _grains.NewWalletAsync(10);
        var (deviceId, key) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100);
        var online = Nfc(deviceId, 1, walletId, 200, uid) with { CreatedAt = WireTime.Format(DateTimeOffset.UtcNow) };
        (await Device(deviceId).Charge(online)).Reason.Should().Be(DeclineReason.InsufficientFunds);

        var offline = Signed(key, deviceId, 1, walletId, 200, uid, online.CreatedAt);
        Reasons(await Device(deviceId).SyncBatch([offline])).Should().Equal(OfflineRejectReason.OverLimit);
        Reasons(await Device(deviceId).SyncBatch([offline])).Should().Equal(OfflineRejectReason.OverLimit);
        (await Balance(walletId)).Should().Be(10);
    }

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);

    private async Task<long> Balance(string walletId) => (await Wallet(walletId).GetView())!.Balance;

    private static Credential Qr(string token) => new(CredentialType.Qr, token);

    private static OfflineRejectReason?[] Reasons(BatchResult result) => [.. result.Results.Select(r => r.Reason)];

    private static string[] Statuses(BatchResult result) => [.. result.Results.Select(r => r.Reason is { } reason ? $"{r.Status}:{reason}" : $"{r.Status}")];
}
