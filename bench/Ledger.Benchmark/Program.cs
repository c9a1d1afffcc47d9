using System.Globalization;
using FestivalPos.DevServers;
using FestivalPos.Ledger.Benchmark;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException exception)
{
    if (exception.Message.Length > 0)
    {
        Console.Error.WriteLine(exception.Message);
    }

    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};

Console.WriteLine($"Ledger benchmark: {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}, " +
                  $"{options.Wallets} wallets, {options.Callers} callers, {options.Path} path, {options.Warmup} s warmup + {options.Seconds} s");
var results = new List<StoreResult>();
var failed = false;
foreach (var store in options.Stores)
{
    try
    {
        var result = store switch
        {
            "sqlite" => await RunSqliteAsync(options, interrupted.Token),
            "cosmos" => await RunCosmosAsync(options, interrupted.Token),
            _ => await RunPostgresAsync(options, interrupted.Token),
        };
        results.Add(result);
        Print(result);
        failed |= !result.Verified;
    }
    catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
    {
        Console.Error.WriteLine("Interrupted.");
        return 130;
    }
    catch (Exception exception)
    {
        Console.Error.WriteLine($"[{store}] failed: {exception}");
        failed = true;
    }
}

Console.WriteLine();
Console.WriteLine("Summary:");
foreach (var result in results)
{
    Console.WriteLine(
        $"  {result.Store,-8} {result.Path,-6} callers={result.Callers,-5} {result.ChargesPerSecond,9:F0} charges/s  " +
        $"p50={result.P50Ms:F2} ms p99={result.P99Ms:F2} ms max={result.MaxMs:F1} ms  errors={result.Errors}  " +
        $"appends/commit={result.AppendsPerCommit:F1}  {(result.Verified ? "verified" : "NOT VERIFIED")}");
}

return failed ? 1 : 0;

static async Task<StoreResult> RunSqliteAsync(BenchmarkOptions options, CancellationToken cancellationToken)
{
    var folder = Path.Combine(Path.GetTempPath(), $"festivalpos-bench-{Environment.ProcessId}-{Guid.NewGuid():N}");
    Directory.CreateDirectory(folder);
    try
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:Storage:Provider"] = "Sqlite",
            ["Ledger:Storage:Sqlite:Path"] = Path.Combine(folder, "ledger.db"),
        };
        return await new StoreBenchmark(options, "sqlite", settings).RunAsync(cancellationToken);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

static async Task<StoreResult> RunPostgresAsync(BenchmarkOptions options, CancellationToken cancellationToken)
{
    PostgresServer? server = null;
    var connectionString = options.PostgresConnectionString;
    if (connectionString is null)
    {
        Console.WriteLine("[postgres] starting a temporary PostgreSQL server (fsync=on, synchronous_commit=on)...");
        server = await PostgresServer.StartAsync(cancellationToken: cancellationToken);
        connectionString = server.CreateDatabase("bench");
    }

    try
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ledger:Storage:Provider"] = "PostgreSql",
            ["Ledger:Storage:PostgreSql:ConnectionString"] = connectionString,
        };
        return await new StoreBenchmark(options, "postgres", settings).RunAsync(cancellationToken);
    }
    finally
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

static async Task<StoreResult> RunCosmosAsync(BenchmarkOptions options, CancellationToken cancellationToken)
{
    Console.WriteLine("[cosmos] starting a local Cosmos DB server (@vercel/cosmosdb-server, in memory)...");
    await using var server = await CosmosServer.StartAsync(cancellationToken);
    var settings = new Dictionary<string, string?>
    {
        ["Ledger:Storage:Provider"] = "Cosmos",
        ["Ledger:Storage:Cosmos:ConnectionString"] = server.ConnectionString,
        ["Ledger:Storage:Cosmos:ServerCertificatePath"] = server.CertificatePath,
    };
    return await new StoreBenchmark(options, "cosmos", settings).RunAsync(cancellationToken);
}

static void Print(StoreResult result)
{
    Console.WriteLine($"[{result.Store}] {result.ChargesPerSecond:F0} charges/s ({result.Approved} approved, {result.Declined} declined, {result.Errors} errors)");
    Console.WriteLine($"[{result.Store}] latency p50 {result.P50Ms:F2} ms, p90 {result.P90Ms:F2} ms, p99 {result.P99Ms:F2} ms, max {result.MaxMs:F1} ms");
    Console.WriteLine($"[{result.Store}] storage: {result.Commits} commits, {result.AppendsPerCommit:F1} appends per commit");
    Console.WriteLine($"[{result.Store}] cpu: benchmark process {result.Cpu.Process:F2} cores, postgres {result.Cpu.Postgres:F2} cores, machine {result.Cpu.Machine:P0} busy");
    PrintCosmosRequests(result);
}

/// <summary>Every Cosmos DB request of the measured seconds divided by the charges answered in them: what one charge costs.</summary>
static void PrintCosmosRequests(StoreResult result)
{
    var charges = result.Approved + result.Declined;
    if (result.CosmosRequests.Count == 0 || charges == 0)
    {
        return;
    }

    var byOperation = string.Join(", ", result.CosmosRequests.Select(entry => $"{entry.Operation} {(double)entry.Requests / charges:F2}"));
    var requests = result.CosmosRequests.Sum(entry => entry.Requests);
    var requestUnits = result.CosmosRequests.Sum(entry => entry.RequestUnits);
    Console.WriteLine($"[{result.Store}] requests per charge: {(double)requests / charges:F2} ({byOperation}); " +
        $"request units per charge: {requestUnits / charges:F2}, as the server charged them (the local server charges 1 per request)");
}
