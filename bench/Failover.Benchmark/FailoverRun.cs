using System.Diagnostics;
using FestivalPos.EndToEnd.Tests;
using Orleans.Runtime;

namespace FestivalPos.Failover.Benchmark;

/// <summary>
/// One measurement: the terminals charge online, one silo (the one hosting the most wallets) goes through the fault
/// while they do, they keep charging, then every unanswered charge is sent again and the ledger is audited.
/// </summary>
public sealed class FailoverRun(ClusteredSystem system, FailoverOptions options, Action<string> log)
{
    private const long InitialBalance = 100_000_000;
    private const long OfflineMaxPerWallet = 1_000;
    private const int MaxAmount = 500;
    /// <summary>A terminal whose charge got no answer tries the next one after this, as the POS app does.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    public async Task<RunResult> RunAsync()
    {
        using var http = system.CreateClient(RequestTimeout);
        var organizer = await ApiClient.SignInAsync(http, "organizer", ClusteredSystem.OrganizerSecret);
        var topup = await ApiClient.SignInAsync(http, "topup", ClusteredSystem.TopupSecret);
        var wallets = await FestivalSetup.CreateWalletsAsync(organizer, topup, "w", 0, options.Wallets, InitialBalance);
        var terminals = await FestivalSetup.EnrollAsync(organizer, http, "pos", options.Terminals, OfflineMaxPerWallet);
        var book = new SalesBook();

        using var stop = new CancellationTokenSource();
        var driving = Task.WhenAll(terminals.Select((terminal, index) => ChargeAsync(book, terminal, wallets, new Random(index), stop.Token)));
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
        var (victim, victimWallets) = await BusiestSiloAsync();
        var loadAverage = LoadAverage.Read();
        log($"{book.AnsweredRequests} charges answered; silo {victim} hosts {victimWallets.Count} of the {wallets.Count} wallets; load average {loadAverage}");

        var faultAt = DateTimeOffset.UtcNow;
        var exitSeconds = await InjectAsync(victim);
        var observed = DateTimeOffset.UtcNow - faultAt;
        await Task.Delay(TimeSpan.FromSeconds(options.ObserveSeconds) > observed ? TimeSpan.FromSeconds(options.ObserveSeconds) - observed : TimeSpan.Zero);
        await stop.CancelAsync();
        await driving;

        var statuses = await system.MembershipStatusesAsync();
        var votes = await system.SuspicionVotesAsync();
        var unknown = book.Unanswered().Count;
        await book.SettleUnknownAsync(SettleTimeout);
        log($"{unknown} charges without an answer sent again until answered; membership [{string.Join(", ", statuses)}], suspicion votes [{string.Join(", ", votes)}]");

        var audit = await AuditAsync(organizer, book, terminals, wallets);
        return RunResult.From(book, options.Fault, faultAt, victim, victimWallets, statuses, votes, exitSeconds, audit, loadAverage);
    }

    /// <summary>The fault; for a graceful stop, the seconds from SIGTERM to the silo's exit.</summary>
    private async Task<double?> InjectAsync(int victim)
    {
        switch (options.Fault)
        {
            case Fault.Kill:
                system.KillSilo(victim);
                log($"SIGKILLed silo {victim}");
                return null;
            case Fault.Pause:
                await system.SignalSiloAsync(victim, "STOP");
                await Task.Delay(TimeSpan.FromSeconds(options.PauseSeconds));
                await system.SignalSiloAsync(victim, "CONT");
                log($"silo {victim} stopped (SIGSTOP) for {options.PauseSeconds:F1} s, then continued");
                return null;
            default:
                var stopping = Stopwatch.StartNew();
                await system.SignalSiloAsync(victim, "TERM");
                using (var timeout = new CancellationTokenSource(ExitTimeout))
                {
                    await system.WaitForSiloExitAsync(victim, timeout.Token);
                }

                log($"silo {victim} exited {stopping.Elapsed.TotalSeconds:F1} s after SIGTERM");
                return stopping.Elapsed.TotalSeconds;
        }
    }

    private static async Task ChargeAsync(SalesBook book, Terminal terminal, IReadOnlyList<TestWallet> wallets, Random random, CancellationToken stop)
    {
        await Task.Yield();
        while (!stop.IsCancellationRequested)
        {
            var sale = terminal.Sell(SaleMode.Online, wallets[random.Next(wallets.Count)], random.Next(1, MaxAmount + 1));
            if (!await book.SendAsync(book.Open(terminal, [sale])))
            {
                await Task.Delay(RetryPause, CancellationToken.None);
            }
        }
    }

    /// <summary>The silo hosting the most wallet activations, and the wallets it hosts.</summary>
    private async Task<(int Silo, HashSet<string> Wallets)> BusiestSiloAsync()
    {
        var grains = await system.OrleansClientAsync();
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var bySilo = Enumerable.Range(0, system.SiloCount)
            .Select(silo => statistics
                .Where(statistic => statistic.SiloAddress.Endpoint.Port == system.SiloPort(silo))
                .Where(statistic => statistic.GrainType.Contains("WalletGrain", StringComparison.Ordinal))
                .Select(statistic => statistic.GrainId.Key.ToString()!)
                .ToHashSet(StringComparer.Ordinal))
            .ToList();
        var busiest = bySilo.IndexOf(bySilo.MaxBy(wallets => wallets.Count)!);
        return (busiest, bySilo[busiest]);
    }

    /// <summary>Null when the ledger holds exactly the charges the terminals were answered, each once; else what differs.</summary>
    private static async Task<string?> AuditAsync(ApiClient organizer, SalesBook book, IReadOnlyList<Terminal> terminals, IReadOnlyList<TestWallet> wallets)
    {
        try
        {
            await LedgerAudit.AssertMatchesAsync(organizer, book, terminals, wallets, InitialBalance);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return exception.Message;
        }
    }
}
