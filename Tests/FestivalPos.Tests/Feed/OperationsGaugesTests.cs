using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Review;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Feed;

/// <summary>The gauges the alerts read (terminals' sync lag, the review queue), after sales through the grains of a cluster of its own.</summary>
public sealed class OperationsGaugesTests(LedgerCluster ledger) : IClassFixture<LedgerCluster>
{
    private const int MaxPolls = 400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly IGrainFactory _grains = ledger.Grains;

    [Fact]
    public async Task Sync_lag_is_the_worst_terminals_gap_and_counts_terminals_beyond_the_threshold_until_their_sales_arrive()
    {
        using var gauges = new ClusterGauges(ledger.Cluster, FeedMetrics.MeterName);
        var (walletId, uid) = await _grains.NewWalletAsync(100_000);
        var (behind, behindKey) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100_000);
        var (close, closeKey) = await _grains.NewDeviceAsync(offlineMaxPerWallet: 100_000);
        (await _grains.GetGrain<IPosDeviceGrain>(behind).Charge(Nfc(behind, 1, walletId, 10, uid))).Outcome.Should().Be(ChargeOutcome.Approved);
        await SyncAsync(behindKey, behind, walletId, [60]);
        await SyncAsync(closeKey, close, walletId, [1, 3]);

        await PumpAndProjectAsync();
        gauges.Read().Should().Contain(new Dictionary<string, long>
        {
            ["festivalpos.feed.device_sync_lag_max"] = 59,
            ["festivalpos.feed.devices_lagging"] = 1,
        }, "the first terminal's ledger has seqs 1 and 60, more than 50 apart; the second's 1 and 3");

        await SyncAsync(behindKey, behind, walletId, [.. Enumerable.Range(2, 58).Select(seq => (long)seq)]);
        await SyncAsync(closeKey, close, walletId, [2]);
        await PumpAndProjectAsync();
        gauges.Read().Should().Contain(new Dictionary<string, long>
        {
            ["festivalpos.feed.device_sync_lag_max"] = 0,
            ["festivalpos.feed.devices_lagging"] = 0,
        }, "every seq up to each terminal's highest is decided");
    }

    [Fact]
    public async Task The_review_queue_reports_its_open_entries_and_their_amount_as_organizers_decide()
    {
        using var gauges = new ClusterGauges(ledger.Cluster, ReviewQueueMetrics.MeterName);
        var queue = _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All);
        var before = Open(gauges);
        var (walletId, _) = await _grains.NewWalletAsync(1_000);
        var (deviceId, key) = await _grains.NewDeviceAsync();
        var refused = await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch(
            [Signed(key, deviceId, 1, walletId, 70, "lost-wristband"), Signed(key, deviceId, 2, walletId, 30, "lost-wristband")]);
        refused.Results.Should().OnlyContain(result => result.Reason == OfflineRejectReason.BadCredential);

        Open(gauges).Should().Be((before.Entries + 2, before.Amount + 100));
        (await queue.Approve(TxId.Format(deviceId, 1))).Should().Be(ReviewOutcome.Done);
        Open(gauges).Should().Be((before.Entries + 1, before.Amount + 30));
        (await queue.Dismiss(TxId.Format(deviceId, 2))).Should().Be(ReviewOutcome.Done);
        Open(gauges).Should().Be(before);
    }

    private static (long Entries, long Amount) Open(ClusterGauges gauges)
    {
        var values = gauges.Read();
        return (values.GetValueOrDefault("festivalpos.review.open_entries"), values.GetValueOrDefault("festivalpos.review.open_amount"));
    }

    private async Task SyncAsync(byte[] key, string deviceId, string walletId, long[] seqs) =>
        (await _grains.GetGrain<IPosDeviceGrain>(deviceId).SyncBatch([.. seqs.Select(seq => Signed(key, deviceId, seq, walletId, 1))]))
            .Outcome.Should().Be(BatchOutcome.Accepted);

    /// <summary>Publishes the ledger and waits, a bounded number of polls, for the device health projection to apply it.</summary>
    private async Task PumpAndProjectAsync()
    {
        var status = await _grains.GetGrain<ILedgerFeedPumpGrain>(LedgerFeedStreams.Key).Pump();
        var devices = _grains.GetGrain<IDeviceHealthProjectionGrain>(LedgerFeedStreams.Key);
        for (var poll = 0; poll < MaxPolls && (await devices.GetDevices()).ThroughPosition < status.Head; poll++)
        {
            await Task.Delay(PollInterval);
        }

        (await devices.GetDevices()).ThroughPosition.Should().BeGreaterThanOrEqualTo(status.Head);
    }
}
