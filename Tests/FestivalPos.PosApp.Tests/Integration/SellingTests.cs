using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Tests.Infrastructure;

using FestivalPos.PosApp.Gateway;

namespace FestivalPos.PosApp.Tests.Integration;

[Collection(PosSystemCollection.Name)]
public sealed class SellingTests(PosSystem system) : NetworkUpTests(system.Network)
{
    [Fact]
    public async Task An_online_sale_is_approved_by_the_gateway_and_charged_once()
    {
        var (walletId, uid) = await system.NewWalletAsync(2000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());

        var sale = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 900, "beer:2"));

        sale.Should().Be(new SaleResult(SaleVerdict.Approved, 1, SaleModes.Online, walletId, 900, null, 1100));
        (await terminal.Outbox.FindAsync(1))!.State.Should().Be(SaleStates.Approved);
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 900L));
    }

    [Fact]
    public async Task A_terminal_that_only_sells_online_learns_the_servers_cursor_and_trims_its_outbox()
    {
        var (walletId, uid) = await system.NewWalletAsync(1000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(), retention: TimeSpan.Zero);
        async Task<SaleResult> Sell(long amount) => await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), amount, "x"));
        (await Sell(600)).Verdict.Should().Be(SaleVerdict.Approved);
        (await Sell(600)).Reason.Should().Be("insufficientFunds");
        (await Sell(300)).Verdict.Should().Be(SaleVerdict.Approved);

        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        (await terminal.Outbox.BacklogAsync()).AckedThrough.Should().Be(3);
        (await terminal.Outbox.RecentAsync(10)).Select(e => e.Seq).Should().Equal([3L, 1L], "the decline goes at once, the approved sales once a snapshot shows them");
        await Task.Delay(TimeSpan.FromMilliseconds(Outbox.ReflectionMarginMs + 200));
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await terminal.Outbox.RecentAsync(10)).Should().BeEmpty();
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().BeEquivalentTo([(1L, 600L), (3L, 300L)]);
    }

    [Fact]
    public async Task Sales_through_an_outage_land_exactly_once_after_reconnection()
    {
        var (rich, richUid) = await system.NewWalletAsync(10_000);
        var (poor, poorUid) = await system.NewWalletAsync(500);
        var (lost, lostUid) = await system.NewWalletAsync(5_000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(maxPerWallet: 3000));
        await system.BlockAsync(lost);
        await PosSystem.WaitForSnapshotAsync(terminal, (rich, 10_000), (poor, 500));
        await PosSystem.WaitForSnapshotAsync(terminal, (lost, shown => shown.IsBlocked()));

        system.Network.Mode = NetworkMode.Down;
        var approved = new List<SaleResult>();
        async Task<SaleResult> Sell(string wallet, string uid, long amount)
        {
            var result = await terminal.Cashier.SellAsync(new SaleRequest(wallet, new Credential(Credential.Nfc, uid), amount, "x"));
            if (result.Verdict == SaleVerdict.Approved)
            {
                approved.Add(result);
            }

            return result;
        }

        (await Sell(rich, richUid, 2000)).Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Mode == SaleModes.Offline);
        (await Sell(rich, richUid, 1500)).Reason.Should().Be("offlineAllowanceExceeded", "the cap of 3000 per wallet leaves 1000");
        (await Sell(rich, richUid, 1000)).Verdict.Should().Be(SaleVerdict.Approved);
        (await Sell(poor, poorUid, 400)).Verdict.Should().Be(SaleVerdict.Approved);
        (await Sell(poor, poorUid, 200)).Reason.Should().Be("offlineAllowanceExceeded", "the snapshot balance of 500 leaves 100");
        (await Sell(lost, lostUid, 100)).Reason.Should().Be("walletBlocked");
        (await Sell(rich, "some-other-uid", 100)).Reason.Should().Be("badCredential");
        (await terminal.Outbox.BacklogAsync()).Count.Should().Be(3);
        (await terminal.Sync.PassAsync()).Complete.Should().BeFalse();

        system.Network.Mode = NetworkMode.Up;
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        (await terminal.Outbox.BacklogAsync()).Should().Match<Backlog>(b => b.Count == 0 && b.AckedThrough == 3);
        approved.Select(r => r.Seq).Should().Equal(1L, 2L, 3L);
        (await system.ChargesAsync(rich, terminal.Enrollment.DeviceId)).Should().BeEquivalentTo([(1L, 2000L), (2L, 1000L)]);
        (await system.ChargesAsync(poor, terminal.Enrollment.DeviceId)).Should().BeEquivalentTo([(3L, 400L)]);
        (await system.ChargesAsync(lost, terminal.Enrollment.DeviceId)).Should().BeEmpty();
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await system.ChargesAsync(rich, terminal.Enrollment.DeviceId)).Should().HaveCount(2, "syncing again changes nothing");
    }

    [Fact]
    public async Task A_timed_out_online_charge_is_sold_offline_under_its_seq_and_settled_without_a_second_charge()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        await PosSystem.WaitForSnapshotAsync(terminal, (walletId, 5000));

        system.Network.Mode = NetworkMode.LoseAnswers;
        var sale = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 700, "x"));
        sale.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Mode == SaleModes.Offline && r.Seq == 1);
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal([(1L, 700L)], "the gateway charged it; only the answer was lost");

        system.Network.Mode = NetworkMode.Up;
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        (await terminal.Outbox.FindAsync(1))!.State.Should().Be(SaleStates.Applied);
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 700L));
    }

    [Fact]
    public async Task A_timed_out_online_charge_that_cannot_go_offline_is_unconfirmed_then_settled_by_retrying_its_seq()
    {
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue("this also gets the terminal its token");
        var (walletId, uid) = await system.NewWalletAsync(5000);

        system.Network.Mode = NetworkMode.LoseAnswers;
        var sale = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 800, "x"));
        sale.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Unconfirmed && r.Seq == 1, "the snapshot does not know the wallet yet");

        system.Network.Mode = NetworkMode.Up;
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        (await terminal.Outbox.FindAsync(1))!.State.Should().Be(SaleStates.Approved);
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 800L));
    }

    [Fact]
    public async Task A_request_that_never_left_is_withdrawn_when_it_cannot_go_offline_and_its_seq_is_reused()
    {
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        var (walletId, uid) = await system.NewWalletAsync(5000);
        system.Network.Mode = NetworkMode.Down;

        var refused = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 800, "x"));

        refused.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Declined && r.Reason == "unknownWalletOffline");
        (await terminal.Outbox.BacklogAsync()).Count.Should().Be(0);
        system.Network.Mode = NetworkMode.Up;
        (await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 300, "x"))).Seq.Should().Be(1);
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 300L));
    }

    [Fact]
    public async Task A_pin_sale_is_refused_offline_with_its_reason_and_goes_through_online()
    {
        var (walletId, _) = await system.NewWalletAsync(5000, pin: "4321");
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        await PosSystem.WaitForSnapshotAsync(terminal, (walletId, 5000));
        system.Network.Mode = NetworkMode.Down;

        var offline = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Pin, "4321"), 100, "x"));
        system.Network.Mode = NetworkMode.Up;
        var online = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Pin, "4321"), 100, "x"));

        offline.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Declined && r.Reason == "pinOnlineOnly", "a terminal cannot check a PIN");
        online.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Mode == SaleModes.Online && r.Seq == 1, "the refused sale gave its seq back");
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 100L));
    }
}
