using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using FestivalPos.DevServers;

namespace FestivalPos.Load.Harness;

/// <summary>
/// The system under load: by default a temporary PostgreSQL server and the AppHost (silo and
/// gateway, the one-command system) on free ports with the PostgreSQL store; or a running system.
/// </summary>
public sealed partial class SystemUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _verbose;
    private PostgresServer? _postgres;
    private Process? _appHost;
    private string? _workingDirectory;

    private SystemUnderTest(bool verbose) => _verbose = verbose;

    /// <summary>The chain the system links its ledger with, from the master key the AppHost created in its data folder.</summary>
    public FestivalPos.Grains.EventSourcing.HashChain LedgerChain() =>
        FestivalPos.Grains.Keys.FileMasterKey.Open(Path.Combine(_workingDirectory!, "data", "master.key")).Chain;

    public required Uri BaseAddress { get; init; }

    public required string OrganizerSecret { get; init; }

    public required string TopupSecret { get; init; }

    public required string LedgerConnectionString { get; init; }

    public string? BaselineConnectionString { get; private set; }

    public X509Certificate2? Certificate { get; private set; }

    public int SiloProcessId { get; private set; }

    public int GatewayProcessId { get; private set; }

    public int AppHostProcessId => _appHost?.Id ?? 0;

    public static async Task<SystemUnderTest> StartAsync(HarnessOptions options, CancellationToken cancellationToken)
    {
        if (options.Url is not null)
        {
            return new SystemUnderTest(options.Verbose)
            {
                BaseAddress = options.Url,
                OrganizerSecret = options.OrganizerSecret!,
                TopupSecret = options.TopupSecret!,
                LedgerConnectionString = options.LedgerConnectionString!,
                BaselineConnectionString = options.BaselineConnectionString,
            };
        }

        Console.WriteLine("[system] starting a temporary PostgreSQL server (fsync=on, synchronous_commit=on)...");
        var postgres = await PostgresServer.StartAsync(cancellationToken: cancellationToken);
        var system = new SystemUnderTest(options.Verbose)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{LoopbackPorts.Free()}/"),
            OrganizerSecret = "load-harness-organizer-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            TopupSecret = "load-harness-top-up-" + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
            LedgerConnectionString = postgres.CreateDatabase("ledger"),
        };
        system._postgres = postgres;
        system.BaselineConnectionString = options.BaselineConnectionString ?? postgres.CreateDatabase("baseline");
        try
        {
            await system.StartAppHostAsync(options);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    private async Task StartAppHostAsync(HarnessOptions options)
    {
        var appHost = AppHostPath();
        if (!File.Exists(appHost))
        {
            throw new FileNotFoundException($"The AppHost is not built at {appHost}; build the harness (it builds the AppHost).", appHost);
        }

        _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-load-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_workingDirectory);
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            appHost,
            $"--Kestrel:Endpoints:Https:Url={BaseAddress.ToString().TrimEnd('/')}",
            $"--Cluster:SiloPort={LoopbackPorts.Free()}",
            $"--Cluster:GatewayPort={LoopbackPorts.Free()}",
            // Their own management ports, so harness runs and a system already on this machine do not collide.
            $"--Gateway:ManagementUrl=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Silo:ManagementUrl=http://127.0.0.1:{LoopbackPorts.Free()}",
            "--Ledger:Storage:Provider=PostgreSql",
            $"--Ledger:Storage:PostgreSql:ConnectionString={LedgerConnectionString}",
            // Load from one address and a few hundred clients: the per-client budgets are for the real world.
            "--RateLimits:PermitsPerSecondPerClient=1000000",
            "--RateLimits:BurstPerClient=1000000",
            "--RateLimits:TokenRequestsPerMinutePerAddress=1000000",
            "--RateLimits:TokenRequestBurstPerAddress=1000000",
            // The catch-up uploads hours of a terminal's sales at once: the per-device budget would pace it, not measure it.
            "--RateLimits:OfflineTransactionsPerSecondPerDevice=1000000",
            "--RateLimits:OfflineTransactionBurstPerDevice=1000000",
            "--Auth:TokenLifetimeSeconds=3600",
            // A terminal's offline backlog here is far above a real one's hour of sales: the limits would refuse the load, not measure it.
            $"--Offline:MaxPerDeviceHour={long.MaxValue / 4}",
            "--Logging:LogLevel:Default=Warning",
            .. options.SystemArguments,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The AppHost passes its environment on to the silo and the gateway.
        if (options.ServerGc)
        {
            startInfo.Environment["DOTNET_gcServer"] = "1";
        }

        foreach (var (name, value) in options.SystemEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["Auth__BootstrapOrganizer__ClientId"] = "organizer";
        startInfo.Environment["Auth__BootstrapOrganizer__ClientSecret"] = OrganizerSecret;
        startInfo.Environment["Auth__BootstrapTopup__ClientId"] = "topup";
        startInfo.Environment["Auth__BootstrapTopup__ClientSecret"] = TopupSecret;
        Console.WriteLine($"[system] starting the AppHost ({appHost}) on {BaseAddress}...");
        _appHost = Process.Start(startInfo)!;
        _appHost.OutputDataReceived += (_, line) => Observe(line.Data);
        _appHost.ErrorDataReceived += (_, line) => Observe(line.Data);
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();
        var first = await Task.WhenAny(_ready.Task, _appHost.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (first != _ready.Task)
        {
            throw new InvalidOperationException($"The system did not become ready:\n{string.Join('\n', _output.TakeLast(60))}");
        }

        Certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_workingDirectory, "data", "gateway-https.pfx"), null);
    }

    public IEnumerable<string> RecentOutput(int lines) => _output.TakeLast(lines);

    public async ValueTask DisposeAsync()
    {
        if (_appHost is not null)
        {
            await ChildProcesses.StopAsync(_appHost, TimeSpan.FromSeconds(30));
            ChildProcesses.KillIfRunning(SiloProcessId);
            ChildProcesses.KillIfRunning(GatewayProcessId);
            _appHost.Dispose();
        }

        if (_workingDirectory is not null && Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }

        if (_postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500)
        {
            _output.TryDequeue(out _);
        }

        if (_verbose || line.StartsWith("[apphost] cluster TLS", StringComparison.Ordinal))
        {
            Console.WriteLine(line);
        }

        if (Started().Match(line) is { Success: true } match)
        {
            var pid = int.Parse(match.Groups[2].Value);
            if (match.Groups[1].Value == "silo")
            {
                SiloProcessId = pid;
            }
            else
            {
                GatewayProcessId = pid;
            }
        }

        if (line.Contains("FestivalPos is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private static string AppHostPath() => typeof(SystemUnderTest).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "AppHostAssembly").Value!;

    [GeneratedRegex(@"\[apphost\] (silo|gateway) started, pid (\d+)")]
    private static partial Regex Started();
}
