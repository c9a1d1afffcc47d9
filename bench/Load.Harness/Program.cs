using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FestivalPos.Load.Harness;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException exception)
{
    if (exception.Message.Length > 0)
    {
        Console.Error.WriteLine(exception.Message);
    }

    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

// Many terminals start at once: do not let the thread pool ramp up slowly.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 2 * Environment.ProcessorCount), io);

var wall = Stopwatch.StartNew();
var startedAt = DateTimeOffset.UtcNow;
Console.WriteLine($"Load harness ({options.Scenario}): {Environment.ProcessorCount} cores, {options.Terminals} terminals, {options.Wallets} wallets " +
                  $"(Zipf {options.Zipf}), {options.Warmup} s warmup + {options.Seconds} s saturated, {options.PacedSeconds} s paced, " +
                  $"{options.OfflineCharges} offline charges in batches of {options.BatchSize}, {options.DuplicateShare:P0} sent twice");

SystemUnderTest? system = null;
var exitCode = 1;
try
{
    system = await SystemUnderTest.StartAsync(options, CancellationToken.None);
    Console.WriteLine($"[system] ready after {wall.Elapsed.TotalSeconds:F1} s (silo pid {system.SiloProcessId}, gateway pid {system.GatewayProcessId})");
    var cpu = new CpuMeter(() => system.GatewayProcessId, () => system.SiloProcessId);
    using var api = new Api(system.BaseAddress, system.Certificate, options.Terminals + 64);
    var book = new Book();
    var fleet = new Fleet(api, options, book, cpu);

    var phase = Stopwatch.StartNew();
    await fleet.SetUpAsync(system.OrganizerSecret, system.TopupSecret);
    Console.WriteLine($"[setup] {options.Wallets} wallets (wristband, top-up) and {options.Terminals} terminals enrolled in {phase.Elapsed.TotalSeconds:F1} s " +
                      $"(side by side: {fleet.SetupTimes.Wallets.TotalSeconds:F1} s wallets, {fleet.SetupTimes.Terminals.TotalSeconds:F1} s terminals); " +
                      $"the most popular wallet takes {fleet.TopWalletShare:P1} of the charges");

    await using var onlineLag = ProjectionLag.Start(api, fleet.OrganizerToken, system.LedgerConnectionString, TimeSpan.FromSeconds(options.Warmup));
    var saturated = await fleet.SaturateAsync(options.Warmup, options.Seconds, mixed: true);
    await onlineLag.StopAsync();
    Console.WriteLine($"[online] {saturated.ChargesPerSecond:F0} charges/s saturated, p50 {saturated.Ms(50):F1} ms, p99 {saturated.Ms(99):F1} ms; cpu {saturated.Cpu}; {onlineLag.Summary}");

    RunResult? paced = null;
    if (options.PacedSeconds > 0)
    {
        paced = await fleet.PaceAsync(saturated.ChargesPerSecond * options.PacedShare, options.PacedSeconds);
        Console.WriteLine($"[paced] {paced.ChargesPerSecond:F0} charges/s, p50 {paced.Ms(50):F1} ms, p99 {paced.Ms(99):F1} ms; cpu {paced.Cpu}");
    }

    RunResult? offline = null;
    ProjectionLag? offlineLag = null;
    if (options.OfflineCharges > 0)
    {
        offlineLag = ProjectionLag.Start(api, fleet.OrganizerToken, system.LedgerConnectionString);
        offline = await fleet.CatchUpAsync(options.OfflineCharges, options.BatchSize);
        await offlineLag.StopAsync();
        await offlineLag.DisposeAsync();
        Console.WriteLine($"[offline] {offline.Charges} charges ingested in {offline.Seconds:F2} s = {offline.ChargesPerSecond:F0}/s; cpu {offline.Cpu}; {offlineLag.Summary}");
    }

    phase.Restart();
    var verifier = new Verifier(api, fleet.OrganizerToken, system.LedgerConnectionString, system.LedgerChain(), options, book);
    var verified = await verifier.VerifyAsync();
    Console.WriteLine($"[verify] {verifier.EntriesChecked} transactions through the API, {verifier.EventsChecked} stored events and {options.Wallets} hash chains " +
                      $"in {phase.Elapsed.TotalSeconds:F1} s: {(verified ? "all invariants hold" : "INVARIANTS BROKEN")}");
    foreach (var problem in verifier.Problems)
    {
        Console.WriteLine($"[verify]   {problem}");
    }

    if (options.Url is null)
    {
        phase.Restart();
        var projections = new ProjectionCheck(api, fleet.OrganizerToken, system.LedgerConnectionString);
        var chargesByStand = fleet.Terminals
            .GroupBy(terminal => Fleet.StandOf(terminal.Index))
            .ToDictionary(stand => stand.Key, stand => (
                Count: stand.Sum(terminal => verifier.ChargesByDevice.GetValueOrDefault(terminal.DeviceId).Count),
                Amount: stand.Sum(terminal => verifier.ChargesByDevice.GetValueOrDefault(terminal.DeviceId).Amount)));
        verified &= await projections.VerifyAsync(chargesByStand, verifier.Balances, startedAt);
        Console.WriteLine($"[verify] projections against the ledger's sums ({projections.Stands} stands, exposure) in {phase.Elapsed.TotalSeconds:F1} s: " +
                          (projections.Problems.Count == 0 ? "equal" : "DIFFERENT"));
        foreach (var problem in projections.Problems)
        {
            Console.WriteLine($"[verify]   {problem}");
        }
    }

    RunResult? baseline = null;
    var baselineConserved = true;
    if (options.Baseline && system.BaselineConnectionString is { } baselineDatabase)
    {
        (baseline, baselineConserved) = await new Baseline(baselineDatabase, options, cpu).RunAsync();
        Console.WriteLine($"[baseline] {baseline.ChargesPerSecond:F0} charges/s, p50 {baseline.Ms(50):F1} ms, p99 {baseline.Ms(99):F1} ms; cpu {baseline.Cpu}" +
                          (baselineConserved ? "" : "; ITS MONEY IS NOT CONSERVED"));
    }

    var invariantsOk = verified && book.DuplicateMismatches.IsEmpty;
    var ratio = baseline is { ChargesPerSecond: > 0 } ? saturated.ChargesPerSecond / baseline.ChargesPerSecond : (double?)null;
    PrintSummary(options, saturated, paced, offline, baseline, ratio, book, invariantsOk, wall.Elapsed);
    Console.WriteLine($"projections behind the ledger: online, saturated {onlineLag.Projections}" + (offlineLag is null ? "" : $"; offline catch-up {offlineLag.Projections}"));
    var line = new Dictionary<string, object?>
    {
        ["scenario"] = options.Scenario,
        ["chargesPerSec"] = Math.Round(saturated.ChargesPerSecond, 1),
        ["p50Ms"] = Math.Round((paced ?? saturated).Ms(50), 2),
        ["p99Ms"] = Math.Round((paced ?? saturated).Ms(99), 2),
        ["baselineChargesPerSec"] = baseline is null ? null : Math.Round(baseline.ChargesPerSecond, 1),
        ["ratio"] = ratio is { } r ? Math.Round(r, 3) : null,
        ["offlineIngestPerSec"] = offline is null ? null : Math.Round(offline.ChargesPerSecond, 1),
        ["projectionLagP99Sec"] = Math.Round(onlineLag.Projections.P(99), 2),
        ["offlineProjectionLagP99Sec"] = offlineLag is null ? null : Math.Round(offlineLag.Projections.P(99), 2),
        ["invariantsOk"] = invariantsOk,
    };
    exitCode = invariantsOk ? 0 : 1;
    await system.DisposeAsync();
    system = null;
    Console.WriteLine(JsonSerializer.Serialize(line));
}
catch (Exception exception)
{
    Console.Error.WriteLine($"The load run failed: {exception}");
    if (system is not null)
    {
        foreach (var output in system.RecentOutput(40))
        {
            Console.Error.WriteLine($"  | {output}");
        }
    }

    exitCode = 1;
}
finally
{
    if (system is not null)
    {
        await system.DisposeAsync();
    }
}

return exitCode;

static void PrintSummary(HarnessOptions options, RunResult saturated, RunResult? paced, RunResult? offline, RunResult? baseline, double? ratio, Book book, bool invariantsOk, TimeSpan wall)
{
    Console.WriteLine();
    Console.WriteLine($"Summary ({options.Scenario}, {options.Terminals} terminals, {options.Wallets} wallets, {wall.TotalSeconds:F0} s wall time)");
    Console.WriteLine($"{"run",-52} {"charges/s",10} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}   cores used: gateway / silo / postgres / harness");
    foreach (var run in new[] { saturated, paced, offline, baseline })
    {
        if (run is not null)
        {
            Console.WriteLine($"{run.Name,-52} {run.ChargesPerSecond,10:F0} {run.Ms(50),8:F1} {run.Ms(95),8:F1} {run.Ms(99),8:F1} {run.MaxMs,8:F1}   " +
                              $"{run.Cpu.Gateway:F2} / {run.Cpu.Silo:F2} / {run.Cpu.Postgres:F2} / {run.Cpu.Harness:F2} (machine {run.Cpu.Machine:P0} busy)");
        }
    }

    if (offline is not null)
    {
        Console.WriteLine($"  (offline latency is per batch of {options.BatchSize})");
    }

    Console.WriteLine($"FestivalPos / plain PostgreSQL: {(ratio is { } r ? r.ToString("F2") : "n/a")}");
    Console.WriteLine($"acknowledged: {book.Charges.Count} charges, {book.Topups.Count} top-ups, {book.Declined.Count} declined; {book.DuplicatesSent} requests sent twice; {book.Unknown.Count} outcomes unknown");
    Console.WriteLine("errors and declines by kind: " + (book.Errors.IsEmpty ? "none" : string.Join(", ", book.Errors.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}"))));
    Console.WriteLine($"invariants: {(invariantsOk ? "ok" : "BROKEN")}");
}
