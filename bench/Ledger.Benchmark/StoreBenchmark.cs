using System.Diagnostics;
using FestivalPos.DevServers;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Silo;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using HdrHistogram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Ledger.Benchmark;

/// <summary>What one store achieved.</summary>
public sealed record StoreResult(
    string Store,
    ChargePath Path,
    int Callers,
    double ChargesPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    long Approved,
    long Declined,
    long Errors,
    long Commits,
    double AppendsPerCommit,
    CpuShare Cpu,
    bool Verified,
    IReadOnlyList<(string Operation, long Requests, double RequestUnits)> CosmosRequests);

/// <summary>
/// One silo in this process over one ledger store: sets up wallets (and devices), lets the callers
/// charge for warmup + measured seconds, then checks every approved cent is missing from a wallet.
/// </summary>
public sealed class StoreBenchmark(BenchmarkOptions options, string store, IReadOnlyDictionary<string, string?> storageSettings)
{
    private const long InitialBalance = LedgerLimits.MaxAmount;
    private const int MaxChargeAmount = 500;
    private const int SetupParallelism = 200;
    private const string CreatedAt = "2026-07-18T21:04:05Z";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly LongConcurrentHistogram _latency = new(1, 60_000_000, 3);
    private volatile bool _measuring;

    public async Task<StoreResult> RunAsync(CancellationToken cancellationToken)
    {
        using var host = BuildSilo();
        await host.StartAsync(cancellationToken);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var eventStore = host.Services.GetRequiredService<GroupCommitEventStore>();
            return await MeasureAsync(grains, eventStore, host.Services.GetRequiredService<ILedgerFeed>(), cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private IHost BuildSilo()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>(storageSettings.Concat(TestClusterCertificates.Shared.Settings), StringComparer.OrdinalIgnoreCase)
        {
            ["Cluster:Membership"] = "Localhost",
            ["Cluster:SiloPort"] = LoopbackPorts.Free().ToString(),
            ["Cluster:GatewayPort"] = LoopbackPorts.Free().ToString(),
            ["Cluster:ClusterId"] = $"bench-{_runId}",
            ["Keys:Provider"] = "File",
            ["Keys:FilePath"] = Path.Combine(Path.GetTempPath(), $"festivalpos-bench-{_runId}", "master.key"),
        };
        if (options.MaxAppendsPerCommit is { } maxAppends)
        {
            settings["Ledger:Storage:GroupCommit:MaxAppendsPerCommit"] = maxAppends.ToString();
        }

        if (options.MaxConcurrentCommits is { } maxCommits)
        {
            settings["Ledger:Storage:PostgreSql:MaxConcurrentCommits"] = maxCommits.ToString();
        }

        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddFestivalPosSilo();
        return builder.Build();
    }

    private async Task<StoreResult> MeasureAsync(IGrainFactory grains, GroupCommitEventStore eventStore, ILedgerFeed feed, CancellationToken cancellationToken)
    {
        var wallets = Enumerable.Range(0, options.Wallets)
            .Select(i => new BenchWallet($"bw-{_runId}-{i}", $"bu-{_runId}-{i}", grains.GetGrain<IWalletGrain>($"bw-{_runId}-{i}")))
            .ToArray();
        var devices = Enumerable.Range(0, options.Callers).Select(i => $"bd-{_runId}-{i}").ToArray();

        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(wallets, Bounded(cancellationToken), async (wallet, _) => await CreateWalletAsync(grains, wallet, cancellationToken));
        if (options.Path == ChargePath.Device)
        {
            await Parallel.ForEachAsync(devices, Bounded(cancellationToken), async (deviceId, _) =>
            {
                var enrolled = await grains.GetGrain<IPosDeviceGrain>(deviceId).Enroll("bench", null);
                Require(enrolled.Outcome == EnrollOutcome.Enrolled, $"device {deviceId} enrolled: {enrolled.Outcome}");
            });
        }

        Console.WriteLine($"[{store}] setup: {wallets.Length} wallets{(options.Path == ChargePath.Device ? $", {devices.Length} devices" : "")} in {setup.Elapsed.TotalSeconds:F1} s");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var callers = devices.Select((deviceId, i) => Task.Run(() => CallerAsync(grains, wallets, deviceId, i, stop.Token), CancellationToken.None)).ToArray();

        Console.WriteLine($"[{store}] warmup {options.Warmup} s with {options.Callers} callers ({options.Path} path)...");
        await Task.Delay(TimeSpan.FromSeconds(options.Warmup), cancellationToken);
        using var requestUnits = new RequestUnitMeter();
        var commitsBefore = eventStore.CommitCount;
        var appendsBefore = eventStore.AppendCount;
        var cpuBefore = CpuSample.Take();
        _latency.Reset();
        _measuring = true;
        requestUnits.Measuring = true;
        Console.WriteLine($"[{store}] measuring {options.Seconds} s...");
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        _measuring = false;
        requestUnits.Measuring = false;
        var cpuAfter = CpuSample.Take();
        var commits = eventStore.CommitCount - commitsBefore;
        var appends = eventStore.AppendCount - appendsBefore;
        var measuredSeconds = Stopwatch.GetElapsedTime(cpuBefore.Timestamp, cpuAfter.Timestamp).TotalSeconds;
        await stop.CancelAsync();
        var tallies = await Task.WhenAll(callers);
        await ReportProjectionLagAsync(grains, feed, cancellationToken);

        var total = CallerTally.Sum(tallies);
        var verified = await VerifyAsync(grains, wallets, tallies, total, cancellationToken);
        var latency = _latency.Copy();
        var measuredCalls = total.MeasuredApproved + total.MeasuredDeclined;
        return new StoreResult(
            store,
            options.Path,
            options.Callers,
            measuredCalls / measuredSeconds,
            Ms(latency.GetValueAtPercentile(50)),
            Ms(latency.GetValueAtPercentile(90)),
            Ms(latency.GetValueAtPercentile(99)),
            Ms(latency.GetMaxValue()),
            total.MeasuredApproved,
            total.MeasuredDeclined,
            total.MeasuredErrors,
            commits,
            commits == 0 ? 0 : (double)appends / commits,
            CpuSample.Between(cpuBefore, cpuAfter),
            verified,
            requestUnits.Totals());
    }

    /// <summary>How far the exposure projection trails the ledger feed once the load stops, and how long it takes to catch up.</summary>
    private async Task ReportProjectionLagAsync(IGrainFactory grains, ILedgerFeed feed, CancellationToken cancellationToken)
    {
        var head = await feed.ReadHeadPositionAsync(cancellationToken);
        var exposure = grains.GetGrain<IExposureProjectionGrain>(LedgerFeedStreams.Key);
        var behind = head - (await exposure.GetExposure()).ThroughPosition;
        var catchUp = Stopwatch.StartNew();
        while ((await exposure.GetExposure()).ThroughPosition < head)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        Console.WriteLine($"[{store}] feed: {head} entries; the exposure projection was {behind} behind when the load stopped and caught up {catchUp.Elapsed.TotalSeconds:F2} s later");
    }

    private async Task<CallerTally> CallerAsync(IGrainFactory grains, BenchWallet[] wallets, string deviceId, int index, CancellationToken stop)
    {
        var random = new Random(HashCode.Combine(_runId, index));
        var tally = new CallerTally();
        var device = grains.GetGrain<IPosDeviceGrain>(deviceId);
        long seq = 0;
        while (!stop.IsCancellationRequested)
        {
            var wallet = wallets[random.Next(wallets.Length)];
            var amount = random.Next(1, MaxChargeAmount + 1);
            var charge = new OnlineCharge(deviceId, ++seq, wallet.Id, amount, new Credential(CredentialType.Nfc, wallet.Uid), CreatedAt);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = options.Path == ChargePath.Wallet
                    ? await wallet.Grain.ChargeOnline(charge)
                    : await device.Charge(charge);
                var measuring = _measuring;
                if (measuring)
                {
                    _latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds));
                }

                tally.Count(result, amount, measuring);
            }
            catch (Exception exception)
            {
                tally.Failed(charge, exception, _measuring);
            }
        }

        return tally;
    }

    private async Task CreateWalletAsync(IGrainFactory grains, BenchWallet wallet, CancellationToken cancellationToken)
    {
        var grain = wallet.Grain;
        var created = await grain.Create();
        Require(created == WalletCommandOutcome.Done, $"wallet {wallet.Id} created: {created}");
        var linked = await grain.LinkWristband(wallet.Uid);
        Require(linked == WalletCommandOutcome.Done, $"wristband {wallet.Uid} linked: {linked}");
        var topUpId = $"bt-{wallet.Id}";
        var topUp = await grains.GetGrain<ITopUpGrain>(topUpId).Apply(new TopUpRequest(topUpId, wallet.Id, InitialBalance));
        Require(topUp.Outcome == TopUpOutcome.Applied && topUp.Balance == InitialBalance, $"top-up of {wallet.Id}: {topUp.Outcome}");
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Settles the calls whose outcome the callers did not see by sending them again (charges are
    /// idempotent by deviceId and seq), then compares what the wallets lost with what was approved.
    /// </summary>
    private async Task<bool> VerifyAsync(IGrainFactory grains, BenchWallet[] wallets, CallerTally[] tallies, CallerTally total, CancellationToken cancellationToken)
    {
        var approvedAmount = total.ApprovedAmount;
        var unresolved = tallies.SelectMany(t => t.Unresolved).ToList();
        foreach (var charge in unresolved)
        {
            var result = await ResendAsync(grains, charge);
            if (result.Outcome == ChargeOutcome.Approved)
            {
                approvedAmount += charge.Amount;
            }
        }

        long spent = 0;
        long missing = 0;
        await Parallel.ForEachAsync(wallets, Bounded(cancellationToken), async (wallet, _) =>
        {
            var view = await grains.GetGrain<IWalletGrain>(wallet.Id).GetView();
            if (view is null)
            {
                Interlocked.Increment(ref missing);
                return;
            }

            Interlocked.Add(ref spent, InitialBalance - view.Balance);
        });

        var ok = missing == 0 && spent == approvedAmount;
        Console.WriteLine(ok
            ? $"[{store}] verified: wallets lost {spent} = {approvedAmount} approved ({total.Approved} charges, {unresolved.Count} failed calls settled by resending)"
            : $"[{store}] VERIFICATION FAILED: wallets lost {spent}, callers saw {approvedAmount} approved, {missing} wallets missing");
        if (total.FirstError is { } error)
        {
            Console.WriteLine($"[{store}] first error: {error.GetType().Name}: {error.Message}");
        }

        return ok;
    }

    private async Task<ChargeResult> ResendAsync(IGrainFactory grains, OnlineCharge charge)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return options.Path == ChargePath.Wallet
                    ? await grains.GetGrain<IWalletGrain>(charge.WalletId).ChargeOnline(charge)
                    : await grains.GetGrain<IPosDeviceGrain>(charge.DeviceId).Charge(charge);
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    private static ParallelOptions Bounded(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = SetupParallelism, CancellationToken = cancellationToken };

    private static double Ms(long microseconds) => microseconds / 1000.0;

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Setup failed: {what}.");
        }
    }

    /// <summary>A wallet of the run; its grain reference is made once, as a terminal would keep it.</summary>
    private sealed record BenchWallet(string Id, string Uid, IWalletGrain Grain);
}

/// <summary>What one caller saw; the Measured counters cover only the measured seconds.</summary>
public sealed class CallerTally
{
    public long Approved { get; private set; }

    public long ApprovedAmount { get; private set; }

    public long MeasuredApproved { get; private set; }

    public long MeasuredDeclined { get; private set; }

    public long MeasuredErrors { get; private set; }

    public Exception? FirstError { get; private set; }

    public List<OnlineCharge> Unresolved { get; } = [];

    public static CallerTally Sum(IEnumerable<CallerTally> tallies)
    {
        var sum = new CallerTally();
        foreach (var tally in tallies)
        {
            sum.Approved += tally.Approved;
            sum.ApprovedAmount += tally.ApprovedAmount;
            sum.MeasuredApproved += tally.MeasuredApproved;
            sum.MeasuredDeclined += tally.MeasuredDeclined;
            sum.MeasuredErrors += tally.MeasuredErrors;
            sum.FirstError ??= tally.FirstError;
        }

        return sum;
    }

    public void Count(ChargeResult result, long amount, bool measuring)
    {
        if (result.Outcome == ChargeOutcome.Approved)
        {
            Approved++;
            ApprovedAmount += amount;
            MeasuredApproved += measuring ? 1 : 0;
        }
        else
        {
            MeasuredDeclined += measuring ? 1 : 0;
        }
    }

    public void Failed(OnlineCharge charge, Exception exception, bool measuring)
    {
        Unresolved.Add(charge);
        FirstError ??= exception;
        MeasuredErrors += measuring ? 1 : 0;
    }
}
