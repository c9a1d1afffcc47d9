using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>A terminal whose backlog is larger than the gateway's <c>Sync:MaxBatchSize</c> sizes its batches down until they fit.</summary>
[Collection(PosSystemCollection.Name)]
public sealed class BatchSizeTests(PosSystem system)
{
    private const int Sales = 1000;

    [Fact]
    public async Task A_thousand_offline_sales_reach_a_gateway_that_takes_batches_of_a_hundred()
    {
        await using var gateway = new TestGateway(system.Silo, new Dictionary<string, string> { ["Sync:MaxBatchSize"] = "100" });
        gateway.UseKestrel();
        gateway.StartServer();
        var (walletId, uid) = await system.NewWalletAsync(100_000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(maxPerWallet: 100_000, gatewayUrl: gateway.Url), retention: TimeSpan.Zero);
        await PosSystem.WaitForSnapshotAsync(terminal, (walletId, 100_000));
        long total = 0;
        for (var i = 0; i < Sales; i++)
        {
            var amount = 10 + (i % 7);
            total += amount;
            var sale = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), amount, "x"), forceOffline: true);
            sale.Verdict.Should().Be(SaleVerdict.Approved);
        }

        var report = await terminal.Sync.PassAsync();

        report.Should().Match<SyncReport>(r => r.Complete && r.OfflineSettled == Sales, report.ToString());
        terminal.Sync.MaxBatchSize.Should().BeLessThanOrEqualTo(100);
        (await terminal.Outbox.BacklogAsync()).Should().Match<Backlog>(b => b.Count == 0 && b.AckedThrough == Sales);
        (await terminal.Outbox.RecentAsync(Sales)).Should().HaveCount(Sales).And.OnlyContain(e => e.State == SaleStates.Applied);
        await Task.Delay(TimeSpan.FromMilliseconds(Outbox.ReflectionMarginMs + 200));
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await terminal.Outbox.RecentAsync(10)).Should().BeEmpty("every sale is applied and a snapshot shows it");
        var charges = await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId);
        charges.Select(c => c.Seq).Should().BeEquivalentTo(Enumerable.Range(1, Sales).Select(s => (long)s));
        charges.Sum(c => c.Amount).Should().Be(total);
    }
}
