using System.Globalization;
using System.Text.RegularExpressions;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>
/// The real posapp process SIGKILLed at random moments while selling and while syncing, restarted,
/// synced: every sale it printed as approved is in the ledger exactly once, no seq is charged twice,
/// and the only other charge allowed is the one sale in flight when it was killed (its seq above every printed one).
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed partial class CrashTests(PosSystem system)
{
    private const int SalesPerRun = 12;
    private static readonly SemaphoreSlim PoolGate = new(1, 1);
    private static List<(string WalletId, string Uid)>? _pool;

    public static TheoryData<int> SellingSeeds => [.. Enumerable.Range(1, 30)];

    public static TheoryData<int> SyncingSeeds => [.. Enumerable.Range(101, 24)];

    [Theory]
    [MemberData(nameof(SellingSeeds))]
    public async Task Killed_while_selling_online_offline_or_flapping(int seed)
    {
        var random = new Random(seed);
        var (directory, deviceId) = await NewTerminalAsync();
        var mode = (seed % 3) switch { 0 => "up", 1 => "down", _ => "flapping" };
        system.Network.Mode = mode == "down" ? NetworkMode.Down : NetworkMode.Up;

        var printed = new List<string>();
        using (var cashier = new PosAppProcess("run", "--data", directory))
        {
            await cashier.Input.WriteAsync(SaleLines(random, SalesPerRun));
            await cashier.Input.FlushAsync();
            using var flapping = new CancellationTokenSource();
            var flap = mode == "flapping" ? FlapAsync(new Random(seed * 7), flapping.Token) : Task.CompletedTask;
            await Task.Delay(random.Next(300, 1800));
            await cashier.KillAsync();
            await flapping.CancelAsync();
            await flap;
            printed.AddRange(cashier.Lines);
        }

        system.Network.Mode = NetworkMode.Up;
        if (random.Next(2) == 0)
        {
            await KillSyncAsync(directory, random.Next(50, 600));
        }

        await SyncToTheEndAsync(directory);
        await VerifyAsync(deviceId, printed, inFlightAllowed: 1);
    }

    [Theory]
    [MemberData(nameof(SyncingSeeds))]
    public async Task Killed_while_syncing_an_offline_backlog(int seed)
    {
        var random = new Random(seed);
        var (directory, deviceId) = await NewTerminalAsync();
        system.Network.Mode = NetworkMode.Down;
        var printed = new List<string>();
        using (var cashier = new PosAppProcess("run", "--data", directory))
        {
            await cashier.Input.WriteAsync(SaleLines(random, SalesPerRun) + "quit\n");
            await cashier.Input.FlushAsync();
            await cashier.WaitAsync(TimeSpan.FromSeconds(60));
            printed.AddRange(cashier.Lines);
        }

        system.Network.Mode = NetworkMode.Up;
        for (var kill = 0; kill < 1 + random.Next(2); kill++)
        {
            await KillSyncAsync(directory, random.Next(0, 700));
        }

        await SyncToTheEndAsync(directory);
        Approved(printed).Should().HaveCount(SalesPerRun, string.Join('\n', printed));
        await VerifyAsync(deviceId, printed, inFlightAllowed: 0);
    }

    private async Task<(string Directory, string DeviceId)> NewTerminalAsync()
    {
        var pool = await PoolAsync();
        system.Network.Mode = NetworkMode.Up;
        var directory = await system.EnrollTerminalAsync(maxPerWallet: 10_000_000);
        using var terminal = await Terminal.OpenAsync(directory);
        await PosSystem.WaitForSnapshotAsync(terminal, [.. pool.Select(w => (w.WalletId, 1L))]);
        return (directory, terminal.Enrollment.DeviceId);
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

    private static string SaleLines(Random random, int count) => string.Concat(Enumerable.Range(0, count).Select(_ =>
    {
        var (walletId, uid) = _pool![random.Next(_pool.Count)];
        return string.Create(CultureInfo.InvariantCulture, $"sell --wallet {walletId} --nfc {uid} --amount {random.Next(100, 1000)}\n");
    }));

    private async Task FlapAsync(Random random, CancellationToken cancellation)
    {
        try
        {
            while (true)
            {
                await Task.Delay(random.Next(100, 400), cancellation);
                system.Network.Mode = system.Network.Mode == NetworkMode.Up ? NetworkMode.Down : NetworkMode.Up;
            }
        }
        catch (OperationCanceledException)
        {
            system.Network.Mode = NetworkMode.Up;
        }
    }

    private static async Task KillSyncAsync(string directory, int afterMilliseconds)
    {
        using var sync = new PosAppProcess("sync", "--data", directory);
        await Task.Delay(afterMilliseconds);
        await sync.KillAsync();
    }

    private static async Task SyncToTheEndAsync(string directory)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var sync = new PosAppProcess("sync", "--data", directory);
            await sync.WaitAsync(TimeSpan.FromSeconds(60));
            if (sync.ExitCode == 0 && sync.Lines.Any(l => l.StartsWith("backlog=0 ", StringComparison.Ordinal)))
            {
                return;
            }
        }

        throw new InvalidOperationException("posapp sync never emptied the backlog.");
    }

    private async Task VerifyAsync(string deviceId, List<string> printed, int inFlightAllowed)
    {
        var charged = new List<(long Seq, string WalletId, long Amount)>();
        foreach (var (walletId, _) in _pool!)
        {
            charged.AddRange((await system.ChargesAsync(walletId, deviceId)).Select(c => (c.Seq, walletId, c.Amount)));
        }

        var because = string.Join('\n', printed);
        charged.Select(c => c.Seq).Should().OnlyHaveUniqueItems("no sale is charged twice\n" + because);
        var approved = Approved(printed);
        foreach (var sale in approved)
        {
            charged.Should().ContainSingle(c => c.Seq == sale.Seq, because).Which.Should().Be(sale, because);
        }

        var lastPrinted = Seqs().Matches(string.Join('\n', printed)).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        var others = charged.Where(c => approved.All(a => a.Seq != c.Seq)).ToList();
        others.Should().HaveCountLessThanOrEqualTo(inFlightAllowed, because);
        others.Where(c => c.Seq <= lastPrinted).Should().BeEmpty("only the sale in flight at the kill may land unannounced\n" + because);
    }

    private static List<(long Seq, string WalletId, long Amount)> Approved(IEnumerable<string> lines) =>
        [.. lines.Select(l => ApprovedLine().Match(l)).Where(m => m.Success).Select(m => (
            long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))];

    [GeneratedRegex(@"^approved seq=(\d+) mode=\w+ wallet=(\S+) amount=(\d+)")]
    private static partial Regex ApprovedLine();

    [GeneratedRegex(@"seq=(\d+)")]
    private static partial Regex Seqs();
}
