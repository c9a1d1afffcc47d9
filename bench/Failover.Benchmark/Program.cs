using FestivalPos.EndToEnd.Tests;
using FestivalPos.Clustering;
using FestivalPos.Failover.Benchmark;
using FestivalPos.Storage;

FailoverOptions options;
try
{
    options = FailoverOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}

Console.WriteLine($"Failover benchmark: {options.Fault}, {options.Runs} run(s), 2 silos and a gateway on PostgreSQL membership, " +
    $"{options.Terminals} terminals charging online over {options.Wallets} wallets; settings: {(options.Settings.Count == 0 ? "the defaults" : string.Join(' ', options.Settings))}");
var results = new List<RunResult>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.WriteLine($"[run {run}] starting the cluster (load average {LoadAverage.Read()})...");
    await using var system = await ClusteredSystem.StartAsync(silos: 2, ClusterMembership.PostgreSql, LedgerStorageProvider.PostgreSql, options.Settings);
    try
    {
        var result = await new FailoverRun(system, options, line => Console.WriteLine($"[run {run}] {line}")).RunAsync();
        Console.WriteLine($"[run {run}] {result}");
        results.Add(result);
    }
    catch
    {
        Console.Error.WriteLine(system.RecentOutput());
        throw;
    }
}

Console.WriteLine();
Console.WriteLine("Summary");
Console.WriteLine(RunResult.Header);
foreach (var result in results)
{
    Console.WriteLine(result.Row);
}

var failed = results.Where(result => result.Failure is not null).ToList();
foreach (var result in failed)
{
    Console.Error.WriteLine($"FAILED: {result.Failure}");
}

return failed.Count == 0 ? 0 : 1;
