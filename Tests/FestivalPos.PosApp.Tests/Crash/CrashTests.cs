using System.Globalization;
using Xunit.Abstractions;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>
/// The real posapp process SIGKILLed at points it reports reaching (<c>--progress</c>): a sale written and about to be
/// sent, a batch the background sync or <c>posapp sync</c> sends. The background sync races the cashier over an up
/// (slow), down, flapping or answer-losing network, and a poor wallet gets sales declined for insufficient funds.
/// Each run asserts the kill came at the point it waited for; then the terminal is restarted and synced, and the ledger
/// shows every sale printed approved exactly once, no seq charged twice, and no other charge but unconfirmed sales
/// (settled later) and the single sale in flight at the kill, each with its own wallet and amount. The ledger is read
/// back through the wallet grains, so the checks hold whatever store the silo keeps it in.
/// Each derived class runs the scenarios against its collection's system, as many seeded runs as it says
/// (<typeparamref name="TRuns"/>, itself), or <c>POSAPP_CRASH_RUNS</c> each when set.
/// </summary>
public abstract class CrashTests<TRuns>(PosSystem system, ITestOutputHelper output) : IAsyncLifetime
    where TRuns : ICrashRuns
{
    private const int SalesPerRun = 12;
    private const long PoorBalance = 1500;
    private static readonly TimeSpan SlowAnswers = TimeSpan.FromMilliseconds(40);
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(60);
    // Statics of a generic class are its derived class's own: one pool of rich wallets per system.
    private static readonly SemaphoreSlim PoolGate = new(1, 1);
    private static List<(string WalletId, string Uid)>? _pool;

    private enum Network
    {
        Slow,
        Down,
        Flapping,
        LosingAnswers,
    }

    public static TheoryData<int> SellingSeeds => Seeds(100_000, TRuns.SellingRuns);

    public static TheoryData<int> RacingSeeds => Seeds(200_000, TRuns.RacingRuns);

    public static TheoryData<int> SyncingSeeds => Seeds(300_000, TRuns.SyncingRuns);

    public Task InitializeAsync() => RestoreNetworkAsync();

    public Task DisposeAsync() => RestoreNetworkAsync();

    [Theory]
    [MemberData(nameof(SellingSeeds))]
    public async Task Killed_at_a_written_sale_while_selling_over_a_slow_down_flapping_or_answer_losing_network(int seed)
    {
        var random = new Random(seed);
        var network = (Network)(seed % 4);
        var terminal = await NewTerminalAsync();
        var target = network == Network.LosingAnswers ? random.Next(1, 4) : random.Next(1, SalesPerRun + 1);
        var sales = Sales(random, terminal.Wallets);

        Transcript printed;
        using (var cashier = new PosAppProcess("run", "--progress", "--data", terminal.Directory))
        {
            var killed = cashier.KillAt(Transcript.IsSaleProgress, target);
            await cashier.Input.WriteAsync(Lines(sales));
            await cashier.Input.FlushAsync();
            using (var flapping = new CancellationTokenSource())
            {
                var flap = RunNetworkAsync(network, new Random(random.Next()), flapping.Token);
                await ReachedAsync(killed, cashier, $"sale #{target} written");
                await flapping.CancelAsync();
                await flap;
            }

            await cashier.WaitAsync(TimeSpan.FromSeconds(10));
            printed = Transcript.Of(cashier.Lines);
        }

        printed.Written.Should().HaveCountGreaterThanOrEqualTo(target, printed.ToString());
        if (network == Network.LosingAnswers)
        {
            printed.InFlight.Should().NotBeNull("a charge whose answer is lost waits 2 s, so the kill lands inside it\n" + printed);
        }

        await RestoreNetworkAsync();
        if (random.Next(2) == 0)
        {
            await KillSyncAtItsFirstStepAsync(terminal.Directory);
        }

        await SyncToTheEndAsync(terminal.Directory);
        await VerifyAsync(terminal, sales, printed);
    }

    [Theory]
    [MemberData(nameof(RacingSeeds))]
    public async Task Killed_at_a_batch_the_background_sync_sends_while_the_cashier_sells(int seed)
    {
        var random = new Random(seed);
        var terminal = await NewTerminalAsync();
        var back = random.Next(2, SalesPerRun - 2);
        var sales = Sales(random, terminal.Wallets);
        system.Network.Mode = NetworkMode.Down;

        Transcript printed;
        using (var cashier = new PosAppProcess("run", "--progress", "--data", terminal.Directory))
        {
            // Offline sales queue up (batch attempts fail); the network comes back as sale #back is written, and the
            // cashier's first online answer wakes the sync, which sends the backlog while the cashier goes on selling.
            var networkBack = cashier.OnLine(Transcript.IsSaleProgress, back, () =>
            {
                system.Network.AnswerDelay = SlowAnswers;
                system.Network.Mode = NetworkMode.Up;
            });
            await cashier.Input.WriteAsync(Lines(sales));
            await cashier.Input.FlushAsync();
            await ReachedAsync(networkBack, cashier, $"sale #{back} written");
            // The next step in flight once the network is back: a batch of the background sync, or the cashier's next sale
            // when the batch that was in flight at the switch already carried the whole backlog.
            static bool Step(string line) => Transcript.IsBatchProgress(line) || Transcript.IsSaleProgress(line);
            var killed = cashier.KillAt(Step, cashier.Lines.Count(Step) + 1);
            await ReachedAsync(killed, cashier, "a batch or a sale in flight once the network is back");
            await cashier.WaitAsync(TimeSpan.FromSeconds(10));
            printed = Transcript.Of(cashier.Lines);
        }

        printed.Batches.Should().BeGreaterThanOrEqualTo(1, printed.ToString());
        printed.Written.Should().HaveCountGreaterThanOrEqualTo(back, printed.ToString());
        await RestoreNetworkAsync();
        await SyncToTheEndAsync(terminal.Directory);
        await VerifyAsync(terminal, sales, printed);
    }

    [Theory]
    [MemberData(nameof(SyncingSeeds))]
    public async Task Killed_at_a_batch_in_flight_while_syncing_an_offline_backlog(int seed)
    {
        var random = new Random(seed);
        var terminal = await NewTerminalAsync();
        var sales = Sales(random, terminal.Wallets);
        system.Network.Mode = NetworkMode.Down;
        Transcript printed;
        using (var cashier = new PosAppProcess("run", "--progress", "--data", terminal.Directory))
        {
            await cashier.Input.WriteAsync(Lines(sales) + "quit\n");
            await cashier.Input.FlushAsync();
            await cashier.WaitAsync(TimeSpan.FromSeconds(60));
            printed = Transcript.Of(cashier.Lines);
        }

        printed.Answers.Should().HaveCount(SalesPerRun, printed.ToString());
        printed.Approved.Should().NotBeEmpty(printed.ToString());

        // A lost answer leaves the batch to be sent again, so a second kill finds one too; a slow one may be answered before the kill.
        var losing = random.Next(2) == 0;
        system.Network.Mode = losing ? NetworkMode.LoseAnswers : NetworkMode.Up;
        system.Network.AnswerDelay = SlowAnswers;
        for (var kill = 0; kill < (losing ? 1 + random.Next(2) : 1); kill++)
        {
            using var sync = new PosAppProcess("sync", "--progress", "--data", terminal.Directory);
            await ReachedAsync(sync.KillAt(Transcript.IsBatchProgress, 1), sync, "a batch in flight");
        }

        await RestoreNetworkAsync();
        await SyncToTheEndAsync(terminal.Directory);
        await VerifyAsync(terminal, sales, printed);
    }

    private static TheoryData<int> Seeds(int first, int runs) =>
        [.. Enumerable.Range(first, Environment.GetEnvironmentVariable(ICrashRuns.Variable) is { Length: > 0 } configured ? int.Parse(configured, CultureInfo.InvariantCulture) : runs)];

    /// <summary>Waits until the process reported the point it is to be killed at (and so was killed there).</summary>
    private static async Task ReachedAsync(Task killed, PosAppProcess process, string point)
    {
        if (await Task.WhenAny(killed, Task.Delay(ReachTimeout)) != killed)
        {
            await process.KillAsync();
            throw new Xunit.Sdk.XunitException($"posapp never reported reaching {point}:\n{string.Join('\n', process.Lines)}");
        }
    }

    private async Task RunNetworkAsync(Network network, Random random, CancellationToken cancellation)
    {
        system.Network.AnswerDelay = network is Network.Slow or Network.Flapping ? SlowAnswers : TimeSpan.Zero;
        system.Network.Mode = network switch
        {
            Network.Down => NetworkMode.Down,
            Network.LosingAnswers => NetworkMode.LoseAnswers,
            _ => NetworkMode.Up,
        };
        if (network != Network.Flapping)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(random.Next(100, 400), cancellation);
                system.Network.Mode = random.Next(3) switch { 0 => NetworkMode.Up, 1 => NetworkMode.Down, _ => NetworkMode.LoseAnswers };
            }
        }
        catch (OperationCanceledException)
        {
            // The kill came.
        }
    }

    private Task RestoreNetworkAsync()
    {
        system.Network.AnswerDelay = TimeSpan.Zero;
        system.Network.Mode = NetworkMode.Up;
        return Task.CompletedTask;
    }

    /// <summary>A new terminal whose snapshot knows the shared rich wallets and a poor one of its own (for declines).</summary>
    private async Task<CrashTerminal> NewTerminalAsync()
    {
        var pool = await PoolAsync();
        var poor = await system.NewWalletAsync(PoorBalance);
        var directory = await system.EnrollTerminalAsync(maxPerWallet: 10_000_000);
        using var terminal = await Terminal.OpenAsync(directory);
        await PosSystem.WaitForSnapshotAsync(terminal, [.. pool.Select(w => (w.WalletId, 1L)), (poor.WalletId, PoorBalance)]);
        return new CrashTerminal(directory, terminal.Enrollment.DeviceId, [.. pool, poor]);
    }

    private async Task<List<(string WalletId, string Uid)>> PoolAsync()
    {
        await PoolGate.WaitAsync();
        try
        {
            if (_pool is null)
            {
                _pool = [];
                for (var i = 0; i < 3; i++)
                {
                    _pool.Add(await system.NewWalletAsync(100_000_000));
                }
            }

            return _pool;
        }
        finally
        {
            PoolGate.Release();
        }
    }

    /// <summary>Sales to random wallets; the poor one (last) gets a third of them, so it runs out.</summary>
    private static List<Sale> Sales(Random random, List<(string WalletId, string Uid)> wallets) => [.. Enumerable.Range(0, SalesPerRun).Select(_ =>
    {
        var (walletId, uid) = random.Next(3) == 0 ? wallets[^1] : wallets[random.Next(wallets.Count - 1)];
        return new Sale(walletId, uid, random.Next(100, 1000));
    })];

    private static string Lines(IEnumerable<Sale> sales) => string.Concat(sales.Select(s => string.Create(CultureInfo.InvariantCulture, $"sell --wallet {s.WalletId} --nfc {s.Uid} --amount {s.Amount}\n")));

    /// <summary>When the terminal has unsynced sales, <c>posapp sync</c> is killed as it sends its first batch or asks its first charge again.</summary>
    private static async Task KillSyncAtItsFirstStepAsync(string directory)
    {
        using (var terminal = await Terminal.OpenAsync(directory))
        {
            if ((await terminal.Outbox.BacklogAsync()).Count == 0)
            {
                return;
            }
        }

        using var sync = new PosAppProcess("sync", "--progress", "--data", directory);
        await ReachedAsync(sync.KillAt(Transcript.IsSyncProgress, 1), sync, "its first batch or charge asked again");
    }

    private static async Task SyncToTheEndAsync(string directory)
    {
        var output = new List<string>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var sync = new PosAppProcess("sync", "--data", directory);
            await sync.WaitAsync(TimeSpan.FromSeconds(60));
            output.AddRange(sync.Lines);
            if (sync.ExitCode == 0 && sync.Lines.Any(l => l.StartsWith("backlog=0 ", StringComparison.Ordinal)))
            {
                return;
            }
        }

        throw new InvalidOperationException("posapp sync never emptied the backlog:\n" + string.Join('\n', output));
    }

    /// <summary>
    /// Every sale printed approved is charged once with its content; besides, only unconfirmed sales and the one sale in flight
    /// at the kill may be charged: the written one without an answer, or, when the kill came between writing a sale and
    /// reporting it, the next sale of the input under the next seq.
    /// </summary>
    private async Task VerifyAsync(CrashTerminal terminal, List<Sale> sales, Transcript printed)
    {
        var charged = new List<(long Seq, string WalletId, long Amount)>();
        foreach (var (walletId, _) in terminal.Wallets)
        {
            charged.AddRange((await system.ChargesAsync(walletId, terminal.DeviceId)).Select(c => (c.Seq, walletId, c.Amount)));
        }

        var because = printed.ToString();
        output.WriteLine(because);
        charged.Select(c => c.Seq).Should().OnlyHaveUniqueItems("no seq is charged twice\n" + because);
        printed.Answers.Count.Should().BeInRange(printed.Written.Count - 1, printed.Written.Count, "at most one sale is in flight\n" + because);
        foreach (var sale in printed.Approved)
        {
            charged.Should().ContainSingle(c => c.Seq == sale.Seq, because).Which.Should().Be((sale.Seq!.Value, sale.WalletId, sale.Amount), because);
        }

        var mayLand = printed.Unconfirmed.Select(s => (s.Seq!.Value, s.WalletId, s.Amount)).ToHashSet();
        if (printed.InFlight is { } written)
        {
            mayLand.Add((written.Seq!.Value, written.WalletId, written.Amount));
        }
        else if (printed.Written.Count < sales.Count)
        {
            mayLand.Add((printed.NextSeq, sales[printed.Written.Count].WalletId, sales[printed.Written.Count].Amount));
        }

        charged.Where(c => !printed.Approved.Any(a => a.Seq == c.Seq) && !mayLand.Contains(c))
            .Should().BeEmpty("only unconfirmed sales and the one in flight at the kill may land unannounced\n" + because);
    }

    private sealed record Sale(string WalletId, string Uid, long Amount);

    private sealed record CrashTerminal(string Directory, string DeviceId, List<(string WalletId, string Uid)> Wallets);
}
