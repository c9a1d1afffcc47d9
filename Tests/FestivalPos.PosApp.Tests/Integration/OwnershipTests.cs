using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>
/// The cashier and the background sync of one terminal, interleaved step by step through a scripted
/// network against the real gateway: a pending sale has one owner at a time.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class OwnershipTests(PosSystem system) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        system.Network.Mode = NetworkMode.Up;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_sync_never_sends_a_sale_the_cashier_withdraws_nor_records_its_answer_on_the_sale_that_reuses_the_seq()
    {
        var network = new ScriptedNetwork();
        using var terminal = await OpenAsync(network, maxPerWallet: 500);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue("this also gets the terminal its token");
        var (withdrawnWallet, withdrawnUid) = await system.NewWalletAsync(5000);
        var (reusingWallet, reusingUid) = await system.NewWalletAsync(5000);
        var cashierSends = network.Hold(r => r.IsPayment && r.Amount == 800);
        var syncSends = network.Hold(r => r.IsPayment && r.Amount == 800);
        var reuseSends = network.Hold(r => r.IsPayment && r.Amount == 300);

        var withdrawing = terminal.Cashier.SellAsync(new SaleRequest(withdrawnWallet, new Credential(Credential.Nfc, withdrawnUid), 800, "x"));
        await cashierSends.Reached.WaitAsync(Timeout);
        var pass = terminal.Sync.PassAsync();
        await Task.WhenAny(pass, syncSends.Reached).WaitAsync(Timeout);
        cashierSends.FailBeforeSending();
        var withdrawn = await withdrawing.WaitAsync(Timeout);
        withdrawn.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Declined && r.Seq == null, "800 is over the offline cap and the request never left");

        var reusing = terminal.Cashier.SellAsync(new SaleRequest(reusingWallet, new Credential(Credential.Nfc, reusingUid), 300, "x"));
        await reuseSends.Reached.WaitAsync(Timeout);
        syncSends.Forward();
        await pass.WaitAsync(Timeout);
        reuseSends.Forward();
        var reused = await reusing.WaitAsync(Timeout);

        var deviceId = terminal.Enrollment.DeviceId;
        (await system.ChargesAsync(withdrawnWallet, deviceId)).Should().BeEmpty("the customer was told 'declined'");
        reused.Should().Be(new SaleResult(SaleVerdict.Approved, 1, SaleModes.Online, reusingWallet, 300, null, 4700));
        (await terminal.Outbox.FindAsync(1)).Should().Match<OutboxEntry>(e => e.WalletId == reusingWallet && e.Amount == 300 && e.State == SaleStates.Approved);
        (await system.ChargesAsync(reusingWallet, deviceId)).Should().Equal((1L, 300L));
    }

    [Fact]
    public async Task A_sale_is_reported_approved_offline_only_when_it_is_still_pending_offline()
    {
        var network = new ScriptedNetwork();
        using var terminal = await OpenAsync(network);
        var (walletId, uid) = await system.NewWalletAsync(5000);
        await PosSystem.WaitForSnapshotAsync(terminal, (walletId, 5000));
        await system.BlockAsync(walletId);
        var cashierSends = network.Hold(r => r.IsPayment && r.Amount == 700);
        var snapshotAsked = network.Hold(r => r.IsSnapshot);

        var selling = terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), 700, "x"));
        await cashierSends.Reached.WaitAsync(Timeout);
        var pass = terminal.Sync.PassAsync();
        await snapshotAsked.Reached.WaitAsync(Timeout);
        cashierSends.LoseAnswer();
        var sale = await selling.WaitAsync(Timeout);
        var row = await terminal.Outbox.FindAsync(1);
        snapshotAsked.Forward();
        await pass.WaitAsync(Timeout);

        sale.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Mode == SaleModes.Offline && r.Seq == 1, "the stale snapshot still shows the wallet active");
        row.Should().Match<OutboxEntry>(e => e.State == SaleStates.Pending && e.Mode == SaleModes.Offline, "an offline approval is a pending offline sale");
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private async Task<Terminal> OpenAsync(ScriptedNetwork network, long maxPerWallet = Enrollment.DefaultOfflineMaxPerWallet) =>
        await Terminal.OpenAsync(await system.EnrollTerminalAsync(maxPerWallet), http: e => new HttpClient(network) { BaseAddress = new Uri(e.GatewayUrl.TrimEnd('/') + "/"), Timeout = System.Threading.Timeout.InfiniteTimeSpan });
}
