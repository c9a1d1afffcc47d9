using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using Orleans.Core.Internal;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// Sales through the grains of a cluster of its own, then the projections as the pump's stream fed them, checked
/// against the ledger's own records: wallet histories and balances, device cursors and the review queue. Each stream
/// provider runs it on a cluster of its own (below).
/// </summary>
public abstract class FeedProjectionClusterTests(LedgerCluster ledger)
{
    private const int MaxPolls = 400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task Projections_fed_by_the_pump_equal_the_ledgers_own_sums_and_a_rebuild_from_position_zero_equals_them()
    {
        var random = new Random(20260718);
        var now = DateTimeOffset.UtcNow;
        var wallets = new List<(string WalletId, string Uid)>();
        for (var i = 0; i < 10; i++)
        {
            wallets.Add(await _grains.NewWalletAsync(random.Next(1, 30) * 100));
        }

        var standByDevice = new Dictionary<string, string>();
        for (var i = 0; i < 6; i++)
        {
            var deviceId = NewId("d");
            var enrolled = await _grains.GetGrain<IPosDeviceGrain>(deviceId).Enroll($"stand-{i % 3}", offlineMaxPerWallet: 1000);
            standByDevice[deviceId] = $"stand-{i % 3}";
            await SellAsync(random, deviceId, Convert.FromBase64String(enrolled.SigningKey!), wallets, now);
        }

        var pinPad = standByDevice.Keys.Last();
        await TryWrongPinsAsync(pinPad, wallets, now);

        var status = await _grains.GetGrain<ILedgerFeedPumpGrain>(LedgerFeedStreams.Key).Pump();
        status.Checkpoint.Should().Be(status.Head);
        var sales = _grains.GetGrain<ISalesProjectionGrain>(LedgerFeedStreams.Key);
        var exposure = _grains.GetGrain<IExposureProjectionGrain>(LedgerFeedStreams.Key);
        var devices = _grains.GetGrain<IDeviceHealthProjectionGrain>(LedgerFeedStreams.Key);
        var anomalies = _grains.GetGrain<IAnomalyProjectionGrain>(LedgerFeedStreams.Key);
        await UntilAsync(async () => (await anomalies.GetAnomalies(null, IAnomalyProjectionGrain.MaxReportAnomalies)).ThroughPosition >= status.Head);
        await UntilAsync(async () => (await exposure.GetExposure()).ThroughPosition >= status.Head);
        await UntilAsync(async () => (await devices.GetDevices()).ThroughPosition >= status.Head);
        await UntilAsync(async () => (await sales.GetSales("stand-0", now, now)).ThroughPosition >= status.Head);

        var live = (Sales: await SalesByStandAsync(sales, now), Exposure: await exposure.GetExposure(), Devices: await devices.GetDevices(),
            Anomalies: await anomalies.GetAnomalies(null, IAnomalyProjectionGrain.MaxReportAnomalies));
        live.Sales.Should().BeEquivalentTo(await LedgerSalesByStandAsync(wallets, standByDevice));
        live.Exposure.Should().Be(await LedgerExposureAsync(wallets) with { ThroughPosition = live.Exposure.ThroughPosition });
        live.Exposure.OverdrawnWallets.Should().BePositive("offline sales took wallets below zero");
        live.Exposure.ReviewOpenCount.Should().BePositive("offline sales over the limit are held");
        live.Anomalies.Anomalies.Should().Contain(anomaly => anomaly.Kind == AnomalyKind.WrongPins && anomaly.DeviceId == pinPad);
        foreach (var (deviceId, standId) in standByDevice)
        {
            var view = (await _grains.GetGrain<IPosDeviceGrain>(deviceId).GetView())!;
            live.Devices.Devices.Single(d => d.DeviceId == deviceId).Should().BeEquivalentTo(
                new { DeviceId = deviceId, StandId = standId, Revoked = false, view.AckedThrough, Gaps = (long)view.Gaps.Length });
        }

        (await sales.Rebuild()).Should().Be(status.Head);
        (await exposure.Rebuild()).Should().Be(status.Head);
        (await devices.Rebuild()).Should().Be(status.Head);
        (await anomalies.Rebuild()).Should().Be(status.Head);
        (await SalesByStandAsync(sales, now)).Should().BeEquivalentTo(live.Sales);
        (await exposure.GetExposure()).Should().Be(live.Exposure);
        (await devices.GetDevices()).Should().BeEquivalentTo(live.Devices);
        (await anomalies.GetAnomalies(null, IAnomalyProjectionGrain.MaxReportAnomalies)).Should().BeEquivalentTo(live.Anomalies, options => options.WithStrictOrdering());

        // A fresh activation gets a batch far beyond position 0 from the stream: it reads what came before from the feed.
        await sales.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var (seller, stand) = standByDevice.First();
        var (buyer, wristband) = wallets[0];
        await _grains.TopUpAsync(buyer, 500);
        (await _grains.GetGrain<IPosDeviceGrain>(seller).Charge(new OnlineCharge(seller, 100, buyer, 500, new Credential(CredentialType.Nfc, wristband), Wire.WireTime.Format(now))))
            .Outcome.Should().Be(ChargeOutcome.Approved);
        var next = await _grains.GetGrain<ILedgerFeedPumpGrain>(LedgerFeedStreams.Key).Pump();
        await UntilAsync(async () => (await sales.GetSales(stand, now, now)).ThroughPosition >= next.Head);
        (await SalesByStandAsync(sales, now)).Should().BeEquivalentTo(await LedgerSalesByStandAsync(wallets, standByDevice));
    }

    /// <summary>
    /// Online charges (declined when the wallet is short), offline charges that may take a wallet below zero, one over
    /// the device's offline limit (held for review), and one seq never sent (a gap).
    /// </summary>
    private async Task SellAsync(Random random, string deviceId, byte[] key, List<(string WalletId, string Uid)> wallets, DateTimeOffset now)
    {
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var offline = new List<OfflineTransaction>();
        var gap = random.Next(2, 12);
        for (var seq = 1L; seq <= 12; seq++)
        {
            var (walletId, uid) = wallets[random.Next(wallets.Count)];
            var amount = random.Next(1, 12) * 100L;
            var soldAt = Wire.WireTime.Format(now.AddSeconds(-random.Next(0, 600)));
            if (seq == gap)
            {
                continue;
            }

            if (random.Next(2) == 0)
            {
                await device.Charge(new OnlineCharge(deviceId, seq, walletId, amount, new Credential(CredentialType.Nfc, uid), soldAt));
            }
            else
            {
                offline.Add(Signed(key, deviceId, seq, walletId, seq == 12 ? 1500 : amount, createdAt: soldAt));
            }
        }

        (await device.SyncBatch([.. offline])).Outcome.Should().Be(BatchOutcome.Accepted);
    }

    /// <summary>One PIN payment with a wrong PIN to each wallet, after the seqs <see cref="SellAsync"/> used: as many as the wrong-PIN anomaly needs by default.</summary>
    private async Task TryWrongPinsAsync(string deviceId, List<(string WalletId, string Uid)> wallets, DateTimeOffset now)
    {
        var device = _grains.GetGrain<IPosDeviceGrain>(deviceId);
        var seq = 100L;
        foreach (var (walletId, _) in wallets)
        {
            var answer = await device.Charge(new OnlineCharge(deviceId, seq++, walletId, 100, new Credential(CredentialType.Pin, "0000"), Wire.WireTime.Format(now)));
            answer.Outcome.Should().Be(ChargeOutcome.Declined);
        }
    }

    private async Task<Dictionary<string, (long Count, long Amount)>> LedgerSalesByStandAsync(
        List<(string WalletId, string Uid)> wallets, Dictionary<string, string> standByDevice)
    {
        var sales = new Dictionary<string, (long Count, long Amount)>();
        foreach (var (walletId, _) in wallets)
        {
            var history = (await _grains.GetGrain<IWalletGrain>(walletId).GetHistory(0, 1000))!;
            history.Next.Should().BeNull();
            foreach (var charge in history.Entries.Where(entry => entry.Kind == EntryKind.Charge))
            {
                var standId = standByDevice[charge.DeviceId!];
                var (count, amount) = sales.GetValueOrDefault(standId);
                sales[standId] = (count + 1, amount - charge.Amount);
            }
        }

        return sales;
    }

    private async Task<ExposureReport> LedgerExposureAsync(List<(string WalletId, string Uid)> wallets)
    {
        var balances = new List<long>();
        foreach (var (walletId, _) in wallets)
        {
            balances.Add((await _grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance);
        }

        var review = await _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All).List(0, IReviewQueueGrain.MaxPageSize);
        var open = review.Items.Where(item => item.Status == ReviewStatus.Pending).ToList();
        return new ExposureReport(
            balances.Where(b => b > 0).Sum(), balances.Count(b => b < 0), -balances.Where(b => b < 0).Sum(), open.Count, open.Sum(item => item.Held.Amount), 0);
    }

    private static async Task<Dictionary<string, (long Count, long Amount)>> SalesByStandAsync(ISalesProjectionGrain sales, DateTimeOffset now)
    {
        var totals = new Dictionary<string, (long Count, long Amount)>();
        foreach (var standId in new[] { "stand-0", "stand-1", "stand-2" })
        {
            var report = await sales.GetSales(standId, now.AddHours(-1), now.AddHours(1));
            if (report.Minutes.Length > 0)
            {
                totals[standId] = (report.Minutes.Sum(m => m.Count), report.Minutes.Sum(m => m.Amount));
            }
        }

        return totals;
    }

    /// <summary>Waits for the stream to deliver what the pump published; a bounded number of polls, no time limit asserted.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        throw new InvalidOperationException("The projection never reached the pump's checkpoint.");
    }
}

/// <summary>The feed's batches carried by the in-memory stream provider, the default.</summary>
public sealed class MemoryStreamFeedProjectionTests(LedgerCluster ledger) : FeedProjectionClusterTests(ledger), IClassFixture<LedgerCluster>;

/// <summary>The feed's batches carried through Azure Storage queues, on a throwaway Azurite.</summary>
public sealed class AzureQueueFeedProjectionTests(AzureQueueLedgerCluster cluster)
    : FeedProjectionClusterTests(cluster.Ledger), IClassFixture<AzureQueueLedgerCluster>;

/// <summary>The projections over a ledger on the local Cosmos DB server, whose feed is its settled batches.</summary>
public sealed class CosmosFeedProjectionTests(CosmosLedgerCluster cluster)
    : FeedProjectionClusterTests(cluster.Ledger), IClassFixture<CosmosLedgerCluster>;
