using System.Globalization;
using System.Text.Json;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Simulation;

/// <summary>
/// <c>posapp simulate</c>: N virtual terminals in one process, each with its own store, at stands the simulator defines
/// (a few items each), selling baskets by item to fresh wallets while their network goes away and comes back on a
/// schedule, and refunding every Nth sale the server approved; then every backlog is synced and every unanswered refund
/// asked again. Every sale and refund goes to a sales log (JSON lines) as its cashier was told it, and the last line
/// printed is a JSON summary: counts, what sold by item, refunds, stands, devices, wallets, where the log is, and the
/// backlog left.
/// </summary>
public static class SimulateCommand
{
    private const long WalletBalance = 1_000_000;
    private const long MaxPerWallet = 200_000;
    private const long DefaultRefundEvery = 5;

    /// <summary>What every simulated stand sells: VAT rates of drinks and food, a cup deposit, an age-restricted item.</summary>
    private static readonly (string ItemId, CatalogItemRequest Item)[] StandItems =
    [
        ("beer", new CatalogItemRequest("Beer 0.5 l", 650, 21, "drinks", Deposit: 200, MinimumAge: 18)),
        ("lemonade", new CatalogItemRequest("Lemonade", 400, 9, "drinks")),
        ("fries", new CatalogItemRequest("Fries", 450, 9, "food")),
    ];

    public static async Task<int> RunAsync(CliArgs args, TextWriter output, TextReader input, CancellationToken cancellation)
    {
        var gateway = args.Required("gateway");
        var organizerSecret = await args.RequiredSecretAsync("organizer-secret", input);
        var topUpSecret = await args.RequiredSecretAsync("topup-secret", input);
        var certificate = args.Get("gateway-cert") is { } path ? GatewayHttp.Fingerprint(path) : null;
        var count = (int)(args.Long("terminals") ?? 5);
        var seconds = args.Long("seconds") ?? 20;
        var rate = double.Parse(args.Get("sales-per-second") ?? "0.5", CultureInfo.InvariantCulture);
        var (offlineEvery, offlineFor) = (args.Long("offline-every") ?? 0, args.Long("offline-for") ?? 0);
        var refundEvery = args.Long("refund-every") ?? DefaultRefundEvery;
        if (refundEvery is < 0 or > int.MaxValue)
        {
            throw new PosException(ExitCodes.Usage, "--refund-every must be 0 (no refunds) or more.");
        }

        var random = new Random((int)(args.Long("seed") ?? Environment.TickCount));
        var run = $"sim-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{random.Next(100000):D5}";
        var folder = Path.GetFullPath(Path.Combine(args.DataDirectory, run));
        Directory.CreateDirectory(folder);

        using var http = GatewayHttp.Create(gateway, certificate);
        var organizer = await OrganizerClient.SignInAsync(http, args.Required("organizer-id"), organizerSecret, cancellation);
        var topUp = await OrganizerClient.SignInAsync(http, args.Required("topup-id"), topUpSecret, cancellation);
        var wallets = await CreateWalletsAsync(organizer, topUp, run, (int)(args.Long("wallets") ?? 20), cancellation);
        var stands = await DefineStandsAsync(organizer, run, (int)(args.Long("stands") ?? ((count + 4) / 5)), cancellation);
        using var log = new SalesLog(Path.Combine(folder, "sales.jsonl"));
        var terminals = new List<VirtualTerminal>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                terminals.Add(await EnrollAsync(
                    organizer, gateway, certificate, $"{run}-d{i}", stands[i % stands.Count], Path.Combine(folder, $"terminal-{i}"), wallets, log, new Random(random.Next()), cancellation));
            }

            await output.WriteLineAsync($"simulating {count} terminals for {seconds}s in {folder}");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var syncing = terminals.Select(t => t.Terminal.Sync.RunAsync(TimeSpan.FromSeconds(2), stop.Token)).ToList();
            var outages = terminals.Select(t => ScheduleAsync(t.Network, offlineEvery, offlineFor, new Random(random.Next()), stop.Token)).ToList();
            await Task.WhenAll(terminals.Select(t => t.SellAsync(TimeSpan.FromSeconds(seconds), rate, (int)refundEvery, cancellation)));
            await stop.CancelAsync();
            await Task.WhenAll(syncing);
            var (backlog, unansweredRefunds) = await SettleAsync(terminals);
            var summary = Summarize(run, terminals, wallets, (await Task.WhenAll(outages)).Sum(), backlog, log.Path);
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, Json.Options));
            return backlog == 0 && unansweredRefunds == 0 ? ExitCodes.Ok : ExitCodes.Unreachable;
        }
        finally
        {
            terminals.ForEach(t => t.Terminal.Dispose());
        }
    }

    private static async Task<List<(string WalletId, string Uid)>> CreateWalletsAsync(OrganizerClient organizer, OrganizerClient topUp, string run, int count, CancellationToken cancellation)
    {
        var wallets = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var (walletId, uid) = ($"{run}-w{i}", $"{run}-uid{i}");
            await organizer.PostAsync("api/v1/wallets", new { walletId }, cancellation);
            await organizer.PostAsync($"api/v1/wallets/{walletId}/wristbands", new { uid }, cancellation);
            await topUp.PostAsync("api/v1/topups", new { topupId = $"{run}-t{i}", walletId, amount = WalletBalance }, cancellation);
            wallets.Add((walletId, uid));
        }

        return wallets;
    }

    private static async Task<List<string>> DefineStandsAsync(OrganizerClient organizer, string run, int count, CancellationToken cancellation)
    {
        if (count < 1)
        {
            throw new PosException(ExitCodes.Usage, "--stands must be 1 or more.");
        }

        var stands = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var standId = $"{run}-s{i}";
            await organizer.PutAsync($"api/v1/stands/{standId}", new DefineStandRequest($"Stand {i}", $"{run}-v{i}"), cancellation);
            foreach (var (itemId, item) in StandItems)
            {
                await organizer.PutAsync($"api/v1/stands/{standId}/items/{itemId}", item, cancellation);
            }

            stands.Add(standId);
        }

        return stands;
    }

    private static async Task<VirtualTerminal> EnrollAsync(
        OrganizerClient organizer, string gateway, string? certificate, string deviceId, string standId, string directory,
        List<(string WalletId, string Uid)> wallets, SalesLog log, Random random, CancellationToken cancellation)
    {
        var device = await organizer.PostAsync("api/v1/devices", new { deviceId, standId, offlineMaxPerWallet = MaxPerWallet }, cancellation);
        var enrolled = device.Deserialize<EnrolledDevice>(Json.Options)!;
        await Terminal.EnrollAsync(directory, Enrollment.From(enrolled, gateway, certificate, MaxPerWallet));
        var network = new OutageHandler(GatewayHttp.CreateHandler(certificate));
        var terminal = await Terminal.OpenAsync(directory, http: e => GatewayHttp.Client(e.GatewayUrl, network));
        await terminal.Sync.PassAsync(cancellation);
        return new VirtualTerminal(terminal, network, wallets, log, random);
    }

    /// <summary>Outages of <paramref name="duration"/> seconds every <paramref name="every"/> seconds, the first one starting early enough to end within <paramref name="every"/>; answers how many began.</summary>
    private static async Task<int> ScheduleAsync(OutageHandler network, long every, long duration, Random random, CancellationToken cancellation)
    {
        var outages = 0;
        if (every <= 0 || duration <= 0)
        {
            return outages;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * Math.Max(0, every - duration)), cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                network.Offline = true;
                outages++;
                await Task.Delay(TimeSpan.FromSeconds(duration), cancellation);
                network.Offline = false;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, every - duration)), cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            network.Offline = false;
        }

        return outages;
    }

    /// <summary>
    /// Syncs every terminal until its backlog is empty (a few passes at most) and asks again for its unanswered refunds;
    /// answers the backlog and the refunds left unanswered.
    /// </summary>
    private static async Task<(int Backlog, int UnansweredRefunds)> SettleAsync(List<VirtualTerminal> terminals)
    {
        var (backlog, unansweredRefunds) = (0, 0);
        foreach (var terminal in terminals)
        {
            terminal.Network.Offline = false;
            for (var attempt = 0; attempt < 10 && (await terminal.Terminal.Outbox.BacklogAsync()).Count > 0; attempt++)
            {
                await terminal.Terminal.Sync.PassAsync();
            }

            backlog += (await terminal.Terminal.Outbox.BacklogAsync()).Count;
            unansweredRefunds += await terminal.AskUnansweredRefundsAsync();
        }

        return (backlog, unansweredRefunds);
    }

    private static object Summarize(string run, List<VirtualTerminal> terminals, List<(string WalletId, string Uid)> wallets, int outages, int backlog, string salesLog)
    {
        var sold = terminals.SelectMany(t => t.Results).ToList();
        var results = sold.Select(s => s.Result).ToList();
        var refunds = terminals.SelectMany(t => t.Refunds).Select(r => r.Result).ToList();
        int Count(SaleVerdict verdict, string? mode = null) => results.Count(r => r.Verdict == verdict && (mode is null || r.Mode == mode));
        return new
        {
            run,
            terminals = terminals.Count,
            sales = results.Count,
            approvedOnline = Count(SaleVerdict.Approved, SaleModes.Online),
            approvedOffline = Count(SaleVerdict.Approved, SaleModes.Offline),
            declined = Count(SaleVerdict.Declined),
            unconfirmed = Count(SaleVerdict.Unconfirmed),
            outages,
            backlog,
            items = sold.Where(s => s.Result.Verdict == SaleVerdict.Approved).SelectMany(s => s.Lines).Where(l => l.Kind == Wire.WireNames.LineKinds.Item)
                .GroupBy(l => l.ItemId!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new { itemId = g.Key, quantity = g.Sum(l => l.Quantity), amount = g.Sum(l => l.Quantity * l.UnitPrice) }),
            refunds = refunds.Count,
            refundsApplied = refunds.Count(r => r.Verdict == SaleVerdict.Approved),
            refundsRefused = refunds.Count(r => r.Verdict == SaleVerdict.Declined),
            refundsUnconfirmed = refunds.Count(r => r.Verdict == SaleVerdict.Unconfirmed),
            refundedAmount = refunds.Where(r => r.Verdict == SaleVerdict.Approved).Sum(r => r.Refund.Amount),
            salesLog,
            stands = terminals.GroupBy(t => t.Terminal.Enrollment.StandId).Select(g => new { standId = g.Key, devices = g.Select(t => t.Terminal.Enrollment.DeviceId) }),
            devices = terminals.Select(t => t.Terminal.Enrollment.DeviceId),
            wallets = wallets.Select(w => w.WalletId),
        };
    }
}
