using System.Globalization;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Simulation;

/// <summary>
/// <c>posapp simulate</c>: N virtual terminals in one process, each with its own store, selling to
/// fresh wallets while their network goes away and comes back on a schedule; then every backlog is
/// synced and a summary printed (the load harness reads its last line).
/// </summary>
public static class SimulateCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellation)
    {
        var gateway = args.Required("gateway");
        var certificate = args.Get("gateway-cert") is { } path ? GatewayHttp.Fingerprint(path) : null;
        var count = (int)(args.Long("terminals") ?? 5);
        var seconds = args.Long("seconds") ?? 20;
        var rate = double.Parse(args.Get("sales-per-second") ?? "0.5", CultureInfo.InvariantCulture);
        var offlineEvery = args.Long("offline-every") ?? 0;
        var offlineFor = args.Long("offline-for") ?? 0;
        var random = new Random((int)(args.Long("seed") ?? Environment.TickCount));
        var run = $"sim-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{random.Next(100000):D5}";

        using var http = GatewayHttp.Create(gateway, certificate);
        var organizer = await new OrganizerClient(http).SignInAsync(args.Required("organizer-id"), args.Required("organizer-secret"));
        var topUp = await new OrganizerClient(http).SignInAsync(args.Required("topup-id"), args.Required("topup-secret"));
        var wallets = new List<(string, string)>();
        for (var i = 0; i < (args.Long("wallets") ?? 20); i++)
        {
            var (walletId, uid) = ($"{run}-w{i}", $"{run}-uid{i}");
            await organizer.PostAsync("api/v1/wallets", new { walletId });
            await organizer.PostAsync($"api/v1/wallets/{walletId}/wristbands", new { uid });
            await topUp.PostAsync("api/v1/topups", new { topupId = $"{run}-t{i}", walletId, amount = 1_000_000 });
            wallets.Add((walletId, uid));
        }

        var terminals = new List<VirtualTerminal>();
        for (var i = 0; i < count; i++)
        {
            var deviceId = $"{run}-d{i}";
            var device = await organizer.PostAsync("api/v1/devices", new { deviceId, standId = "sim" });
            var directory = Path.Combine(args.DataDirectory, run, $"terminal-{i}");
            await Terminal.EnrollAsync(directory, new Enrollment(gateway, deviceId, "sim", device.GetProperty("clientId").GetString()!,
                device.GetProperty("clientSecret").GetString()!, Convert.FromBase64String(device.GetProperty("signingKey").GetString()!), certificate, 200_000));
            var network = new OutageHandler(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) });
            var terminal = await Terminal.OpenAsync(directory, http: e => new HttpClient(network) { BaseAddress = new Uri(e.GatewayUrl.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan });
            await terminal.Sync.PassAsync(cancellation);
            terminals.Add(new VirtualTerminal(terminal, network, wallets, new Random(random.Next())));
        }

        await output.WriteLineAsync($"simulating {count} terminals for {seconds}s in {Path.GetFullPath(Path.Combine(args.DataDirectory, run))}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var syncing = terminals.Select(t => t.Terminal.Sync.RunAsync(TimeSpan.FromSeconds(2), stop.Token)).ToList();
        var outages = terminals.Select(t => ScheduleAsync(t.Network, offlineEvery, offlineFor, new Random(random.Next()), stop.Token)).ToList();
        await Task.WhenAll(terminals.Select(t => t.SellAsync(TimeSpan.FromSeconds(seconds), rate, cancellation)));
        await stop.CancelAsync();
        await Task.WhenAll(syncing.Concat(outages));
        return await SettleAsync(terminals, output);
    }

    private static async Task ScheduleAsync(OutageHandler network, long every, long duration, Random random, CancellationToken cancellation)
    {
        if (every <= 0 || duration <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * every), cancellation);
            while (!cancellation.IsCancellationRequested)
            {
                network.Offline = true;
                await Task.Delay(TimeSpan.FromSeconds(duration), cancellation);
                network.Offline = false;
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, every - duration)), cancellation);
            }
        }
        catch (OperationCanceledException)
        {
            network.Offline = false;
        }
    }

    private static async Task<int> SettleAsync(List<VirtualTerminal> terminals, TextWriter output)
    {
        var backlog = 0;
        foreach (var terminal in terminals)
        {
            terminal.Network.Offline = false;
            for (var attempt = 0; attempt < 10 && (await terminal.Terminal.Outbox.BacklogAsync()).Count > 0; attempt++)
            {
                await terminal.Terminal.Sync.PassAsync();
            }

            backlog += (await terminal.Terminal.Outbox.BacklogAsync()).Count;
            terminal.Terminal.Dispose();
        }

        var totals = terminals.SelectMany(t => t.Verdicts).GroupBy(p => p.Key).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Sum(p => p.Value)}");
        await output.WriteLineAsync($"summary terminals={terminals.Count} {string.Join(' ', totals)} backlog={backlog}");
        return backlog == 0 ? ExitCodes.Ok : ExitCodes.Unreachable;
    }
}
