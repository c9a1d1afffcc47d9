using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Reports;
using FestivalPos.Storage.Feed;
using FestivalPos.Tests.Infrastructure;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// The pump killed at seeded points of its cycle (reading the checkpoint or a page, publishing, saving the checkpoint;
/// before or after each took effect) and started again from its stored checkpoint, over a real SQLite ledger: the
/// projections see every entry and count each once.
/// </summary>
public sealed class FeedPumpRestartTests
{
    private const int Runs = 60;
    private const int MaxPumpSteps = 10_000;

    /// <summary>Low enough for the synthetic ledger's few sales to raise anomalies.</summary>
    private static readonly AnomalyOptions Thresholds = new() { OfflineUsualFactor = 2, UsualMinCharges = 5, StandsPerWallet = 2, WalletWindowSeconds = 3600 };

    [Fact]
    public async Task A_pump_killed_at_random_points_and_restarted_publishes_everything_and_projections_count_each_entry_once()
    {
        var kills = 0;
        var republished = 0;
        for (var seed = 1; seed <= Runs; seed++)
        {
            var run = await RunAsync(seed);
            kills += run.Kills;
            republished += run.Republished;
        }

        kills.Should().BeGreaterThan(Runs, "every run is killed along the way");
        republished.Should().BeGreaterThan(0, "a kill after publishing and before the checkpoint publishes a page again");
    }

    private static async Task<(int Kills, int Republished)> RunAsync(int seed)
    {
        await using var database = new TemporarySqliteStore();
        var ledger = await SyntheticLedger.WriteAsync(database.Store, seed);
        var random = new Random(seed);
        var feed = new KillingFeed(database.Backend, random);
        var sales = new SalesProjection();
        var exposure = new ExposureProjection();
        var devices = new DeviceHealthProjection();
        var anomalies = new AnomalyProjection(Thresholds);
        var delivered = new HashSet<long>();
        var republished = 0;
        Task Publish(LedgerFeedBatch batch)
        {
            feed.MaybeKill();
            republished += delivered.Add(batch.Through) ? 0 : 1;
            foreach (var projection in new FeedProjection[] { sales, exposure, devices, anomalies })
            {
                projection.TryApply(batch).Should().BeTrue($"seed {seed}: batches follow the checkpoint, which never passes a projection");
            }

            feed.MaybeKill();
            return Task.CompletedTask;
        }

        var pageSize = random.Next(1, 40);
        var pump = new FeedPump(feed, Publish, pageSize);
        var kills = 0;
        for (var step = 0; ; step++)
        {
            step.Should().BeLessThan(MaxPumpSteps, $"seed {seed}: the pump keeps making progress");
            var published = await PumpOrKillAsync(pump);
            if (published == 0)
            {
                break;
            }

            if (published < 0)
            {
                kills++;
                pump = new FeedPump(feed, Publish, pageSize);
            }
        }

        (await database.Backend.ReadCheckpointAsync(FeedPump.CheckpointName, CancellationToken.None)).Should().Be(ledger.EventCount);
        sales.Position.Should().Be(ledger.EventCount);
        sales.Totals().Should().BeEquivalentTo(ledger.SalesByStand, $"seed {seed}");
        exposure.Report().Should().Be(new Grains.Interfaces.Reports.ExposureReport(
            ledger.OutstandingBalance, ledger.OverdrawnWallets, ledger.OverdrawnAmount, ledger.OpenReviews.Count, ledger.OpenReviews.Values.Sum(), ledger.EventCount));
        var wholeFeed = LedgerFactDecoder.ToBatch(0, await database.Backend.ReadFeedAsync(0, ILedgerFeed.MaxReadCount, CancellationToken.None));
        var rebuilt = new DeviceHealthProjection();
        rebuilt.TryApply(wholeFeed);
        rebuilt.Report().Should().BeEquivalentTo(devices.Report(), $"seed {seed}");
        anomalies.Report(null, 1).Raised.Should().BePositive($"seed {seed}: the thresholds are low enough for the synthetic ledger to trip");
        var rebuiltAnomalies = new AnomalyProjection(Thresholds);
        rebuiltAnomalies.TryApply(wholeFeed);
        rebuiltAnomalies.Report(null, IAnomalyProjectionGrain.MaxReportAnomalies).Should().BeEquivalentTo(
            anomalies.Report(null, IAnomalyProjectionGrain.MaxReportAnomalies), options => options.WithStrictOrdering(), $"seed {seed}");
        return (kills, republished);
    }

    /// <summary>One pump cycle; -1 when the pump was killed in it.</summary>
    private static async Task<int> PumpOrKillAsync(FeedPump pump)
    {
        try
        {
            return await pump.PumpPageAsync(CancellationToken.None);
        }
        catch (PumpKilledException)
        {
            return -1;
        }
    }

    private sealed class PumpKilledException : Exception;

    /// <summary>The real feed, with a seeded one-in-six chance of killing the pump before or after each call takes effect.</summary>
    private sealed class KillingFeed(ILedgerFeed feed, Random random) : ILedgerFeed
    {
        public void MaybeKill()
        {
            if (random.Next(6) == 0)
            {
                throw new PumpKilledException();
            }
        }

        public Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken) =>
            AroundAsync(() => feed.ReadFeedAsync(afterPosition, maxCount, cancellationToken));

        public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => feed.ReadHeadPositionAsync(cancellationToken);

        public Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken) =>
            AroundAsync(() => feed.ReadCheckpointAsync(consumer, cancellationToken));

        public Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken) =>
            AroundAsync(async () =>
            {
                await feed.SaveCheckpointAsync(consumer, position, cancellationToken);
                return true;
            });

        private async Task<T> AroundAsync<T>(Func<Task<T>> call)
        {
            MaybeKill();
            var result = await call();
            MaybeKill();
            return result;
        }
    }
}
