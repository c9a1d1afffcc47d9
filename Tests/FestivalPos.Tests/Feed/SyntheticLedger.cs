using System.Text.Json;
using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Review;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// A festival's ledger written straight to a store as the grains write it (their event types and JSON), from a seed:
/// terminals at a few stands, wallets topped up and charged online and offline (some below zero), refused transactions
/// held for review and some of them decided. It keeps the figures the projections must arrive at.
/// </summary>
public sealed class SyntheticLedger
{
    private static readonly DateTimeOffset Opening = new(2026, 7, 18, 18, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string> _standByDevice = [];
    private readonly Dictionary<string, long> _balances = [];

    public Dictionary<string, (long Count, long Amount)> SalesByStand { get; } = [];

    public Dictionary<string, long> OpenReviews { get; } = [];

    public long OutstandingBalance => _balances.Values.Where(balance => balance > 0).Sum();

    public long OverdrawnWallets => _balances.Values.Count(balance => balance < 0);

    public long OverdrawnAmount => -_balances.Values.Where(balance => balance < 0).Sum();

    /// <summary>Events appended, each stream's in version order, streams side by side.</summary>
    public int EventCount { get; private set; }

    public static async Task<SyntheticLedger> WriteAsync(IEventStore store, int seed, int wallets = 25, int chargesPerWallet = 6)
    {
        var ledger = new SyntheticLedger();
        var random = new Random(seed);
        var devices = Enumerable.Range(0, 6).Select(i => ($"pos-{i}", $"stand-{i % 3}")).ToArray();
        await Task.WhenAll(devices.Select(device => ledger.EnrollAsync(store, device.Item1, device.Item2)));
        var plans = Enumerable.Range(0, wallets).Select(wallet => ledger.PlanWallet(random, $"w-{wallet}", devices, chargesPerWallet)).ToArray();
        await Task.WhenAll(plans.Select(plan => AppendOneByOneAsync(store, plan.StreamId, plan.Events)));
        await ledger.HoldForReviewAsync(store, random);
        return ledger;
    }

    private async Task EnrollAsync(IEventStore store, string deviceId, string standId)
    {
        _standByDevice[deviceId] = standId;
        await AppendOneByOneAsync(store, PosDeviceGrain.StreamPrefix + deviceId, [Json<DeviceEvent>(new DeviceEnrolled(standId, "nonce", Opening))]);
    }

    private (string StreamId, List<string> Events) PlanWallet(Random random, string walletId, (string DeviceId, string StandId)[] devices, int charges)
    {
        var events = new List<string> { Json<WalletEvent>(new WalletCreated(Opening)) };
        var balance = (long)random.Next(1, 50) * 100;
        events.Add(Json<WalletEvent>(new TopUpApplied($"t-{walletId}", balance, balance, Opening)));
        for (var seq = 1; seq <= charges; seq++)
        {
            var (deviceId, standId) = devices[random.Next(devices.Length)];
            var amount = (long)random.Next(1, 20) * 50;
            var soldAt = Opening.AddMinutes(random.Next(0, 240)).AddSeconds(random.Next(60));
            var offline = random.Next(3) == 0;
            if (!offline && amount > balance)
            {
                continue;
            }

            balance -= amount;
            events.Add(Json<WalletEvent>(new ChargeApproved(
                $"{deviceId}:{walletId}-{seq}", deviceId, seq, amount, "fingerprint", Wire.WireTime.Format(soldAt), offline, balance, soldAt.AddSeconds(1))));
            var (count, total) = SalesByStand.GetValueOrDefault(standId);
            SalesByStand[standId] = (count + 1, total + amount);
        }

        if (random.Next(4) == 0)
        {
            events.Add(Json<WalletEvent>(new WalletBlocked(Opening.AddHours(4))));
        }

        _balances[walletId] = balance;
        return (WalletGrain.StreamPrefix + walletId, events);
    }

    private async Task HoldForReviewAsync(IEventStore store, Random random)
    {
        var held = Enumerable.Range(1, 8)
            .Select(seq => new HeldTransaction("pos-0", 1000 + seq, $"w-{seq}", (long)random.Next(1, 10) * 100, "2026-07-18T20:00:00Z", OfflineRejectReason.OverLimit))
            .ToArray();
        var events = new List<string> { Json<ReviewEvent>(new TransactionsHeld(held, Opening)) };
        foreach (var transaction in held)
        {
            switch (random.Next(3))
            {
                case 0:
                    events.Add(Json<ReviewEvent>(new ReviewDismissed(transaction.ReviewId, Opening)));
                    break;
                case 1:
                    events.Add(Json<ReviewEvent>(new ReviewApproved(transaction.ReviewId, Opening)));
                    break;
                default:
                    OpenReviews[transaction.ReviewId] = transaction.Amount;
                    break;
            }
        }

        await AppendOneByOneAsync(store, ReviewQueueGrain.StreamPrefix + IReviewQueueGrain.All, events);
    }

    private static async Task AppendOneByOneAsync(IEventStore store, string streamId, IReadOnlyList<string> payloads)
    {
        for (var version = 0; version < payloads.Count; version++)
        {
            await store.AppendAsync(streamId, version, [new EventToAppend(payloads[version], $"h{version}")], []);
        }
    }

    private string Json<TEvent>(TEvent @event)
    {
        EventCount++;
        return JsonSerializer.Serialize(@event, LedgerJson.Options);
    }
}
