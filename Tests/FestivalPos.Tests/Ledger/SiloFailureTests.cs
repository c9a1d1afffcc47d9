using System.Collections.Concurrent;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using Xunit.Abstractions;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>A silo killed in the middle of a stream of charges loses no acknowledged charge and applies none twice.</summary>
public sealed class SiloFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Wallets = 40;
    private const int Terminals = 12;
    private const int ChargesPerTerminal = 60;
    private const long InitialBalance = 1_000_000;
    private const int MaxAttemptsPerCharge = 40;

    private readonly LedgerCluster _ledger = new(silos: 3);

    [Fact]
    public async Task Killing_a_silo_mid_stream_loses_no_acknowledged_charge_and_applies_none_twice()
    {
        var grains = _ledger.Grains;
        var wallets = new List<(string WalletId, string Uid)>();
        for (var i = 0; i < Wallets; i++)
        {
            wallets.Add(await grains.NewWalletAsync(InitialBalance));
        }

        var acknowledged = new ConcurrentDictionary<string, long>();
        var retries = 0;
        var halfway = new TaskCompletionSource();
        var sent = 0;

        async Task RunTerminalAsync(int terminal)
        {
            var (deviceId, _) = await grains.NewDeviceAsync();
            var random = new Random(terminal);
            for (var seq = 1; seq <= ChargesPerTerminal; seq++)
            {
                var (walletId, uid) = wallets[random.Next(wallets.Count)];
                var charge = Nfc(deviceId, seq, walletId, random.Next(1, 500), uid);
                var result = await ChargeWithRetriesAsync(grains, charge, () => Interlocked.Increment(ref retries));
                result.Outcome.Should().Be(ChargeOutcome.Approved);
                acknowledged.AddOrUpdate(walletId, charge.Amount, (_, total) => total + charge.Amount);
                if (Interlocked.Increment(ref sent) == Terminals * ChargesPerTerminal / 3)
                {
                    halfway.TrySetResult();
                }
            }

            (await grains.GetGrain<IPosDeviceGrain>(deviceId).GetView())!.AckedThrough.Should().Be(ChargesPerTerminal);
        }

        var terminals = Enumerable.Range(0, Terminals).Select(RunTerminalAsync).ToArray();
        await halfway.Task;
        var victim = _ledger.Cluster.Silos[^1];
        await _ledger.Cluster.KillSiloAsync(victim);
        await Task.WhenAll(terminals);

        foreach (var (walletId, _) in wallets)
        {
            var balance = (await grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance;
            balance.Should().Be(InitialBalance - acknowledged.GetValueOrDefault(walletId), $"wallet {walletId} was charged exactly what was acknowledged");
        }

        var totals = await _ledger.Invariants.AssertHoldAsync();
        totals.ChargeEntries.Should().Be(Terminals * ChargesPerTerminal);
        output.WriteLine($"{Terminals * ChargesPerTerminal} charges, {retries} retries after the kill, {_ledger.Cluster.GetActiveSilos().Count()} silos left");
    }

    public Task InitializeAsync() => _ledger.InitializeAsync();

    public Task DisposeAsync() => _ledger.DisposeAsync();

    /// <summary>What a terminal does: on any failure it sends the same seq again until it gets an answer.</summary>
    private static async Task<ChargeResult> ChargeWithRetriesAsync(IGrainFactory grains, OnlineCharge charge, Action onRetry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<IPosDeviceGrain>(charge.DeviceId).Charge(charge);
            }
            catch (Exception) when (attempt < MaxAttemptsPerCharge)
            {
                onRetry();
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
