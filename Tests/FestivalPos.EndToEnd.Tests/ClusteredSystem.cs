using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FestivalPos.Clustering;
using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;
using FestivalPos.EndToEnd.Tests.Ledger;
using FestivalPos.EndToEnd.Tests.Membership;
using FestivalPos.Storage;
using FestivalPos.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The system as the README runs a cluster: the ledger in a throwaway PostgreSQL server or local Cosmos DB
/// server (<see cref="ILedgerStore"/>), the membership tables in that PostgreSQL database or in a throwaway
/// Azurite (<see cref="ClusterMembership"/>), several <c>Silo</c> processes on their own silo and gateway
/// ports, and one HTTPS <c>Gateway.Api</c> process that finds the silos in the membership tables; all on
/// 127.0.0.1, all stopped (and the data deleted) when disposed.
/// </summary>
public sealed class ClusteredSystem : IAsyncDisposable
{
    public const string OrganizerSecret = "clustered-organizer-secret";
    public const string TopupSecret = "clustered-top-up-secret";

    /// <summary>Orleans' SiloStatus values as the membership table stores them.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    private const string ServiceId = "festivalpos-e2e";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-cluster-{Guid.NewGuid():N}");
    private readonly string _clusterId = $"cluster-{Guid.NewGuid():N}";
    private readonly ILedgerStore _ledger;
    private readonly SiloSlot[] _silos;
    private readonly IReadOnlyList<string> _settings;
    private IMembershipStore? _membership;
    private DotnetAppProcess? _gateway;
    private IHost? _orleansClient;

    private ClusteredSystem(ILedgerStore ledger, int silos, IReadOnlyList<string> settings)
    {
        _ledger = ledger;
        _settings = settings;
        _silos = [.. Enumerable.Range(0, silos).Select(_ => new SiloSlot(LoopbackPorts.Free(), LoopbackPorts.Free()))];
        BaseAddress = new Uri($"https://127.0.0.1:{LoopbackPorts.Free()}/");
        Directory.CreateDirectory(_workingDirectory);
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the silos keep the ledger.</summary>
    public ILedgerStore Ledger => _ledger;

    public int SiloCount => _silos.Length;

    /// <summary>Where the silos and the gateway find each other.</summary>
    public IMembershipStore Membership => _membership ?? throw new InvalidOperationException("The membership store did not start.");

    /// <summary>
    /// Starts the ledger's store, the membership store, the silos one after another (each accepting clients),
    /// then the gateway (ready). PostgreSQL membership lives in the PostgreSQL ledger's database. <paramref name="settings"/>
    /// (<c>--Key=value</c>) go to every silo and the gateway after the system's own.
    /// </summary>
    public static async Task<ClusteredSystem> StartAsync(int silos, ClusterMembership membership, LedgerStorageProvider ledger, IReadOnlyList<string>? settings = null)
    {
        var system = new ClusteredSystem(ledger switch
        {
            LedgerStorageProvider.PostgreSql => await PostgresLedgerStore.StartAsync(),
            LedgerStorageProvider.Cosmos => await CosmosLedgerStore.StartAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(ledger), ledger, "The silos of a cluster share a ledger on a server."),
        }, silos, settings ?? []);
        try
        {
            system._membership = membership switch
            {
                ClusterMembership.PostgreSql when system._ledger is PostgresLedgerStore postgres => new PostgresMembershipStore(postgres.ConnectionString),
                ClusterMembership.AzureTable => await AzureTableMembershipStore.StartAsync(),
                _ => throw new ArgumentOutOfRangeException(nameof(membership), membership, "A cluster of processes needs a shared membership store (PostgreSQL membership: in the PostgreSQL ledger's database)."),
            };
            for (var index = 0; index < silos; index++)
            {
                await system.StartSiloAsync(index);
            }

            await system.StartGatewayAsync();
            await system.WaitForMembershipAsync(Enumerable.Repeat(Active, silos).ToArray(), StartTimeout);
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }

        return system;
    }

    /// <summary>An HTTPS client that trusts exactly the certificate the gateway generated in its data folder.</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, null);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.Thumbprint },
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = timeout };
    }

    /// <summary>SIGKILL of a silo process, as a crash or an out-of-memory kill would; the signal is sent when this returns.</summary>
    public void KillSilo(int index) => RunningSilo(index).Kill();

    /// <summary>Sends a signal (<c>STOP</c>, <c>CONT</c>, <c>TERM</c>) to a silo process: a pause, its end, a graceful stop.</summary>
    public Task SignalSiloAsync(int index, string signal) => ChildProcesses.SignalAsync(RunningSilo(index).ProcessId, signal);

    public Task WaitForSiloExitAsync(int index, CancellationToken cancellationToken) => RunningSilo(index).WaitForExitAsync(cancellationToken);

    /// <summary>Starts silo <paramref name="index"/> again on its own ports (a new generation of the same silo).</summary>
    public async Task RestartSiloAsync(int index)
    {
        if (_silos[index].Process is { } old)
        {
            await old.DisposeAsync();
        }

        await StartSiloAsync(index);
    }

    public int SiloPort(int index) => _silos[index].SiloPort;

    private DotnetAppProcess RunningSilo(int index) => _silos[index].Process ?? throw new InvalidOperationException($"Silo {index} is not running.");

    /// <summary>Each silo's status in the membership table (its newest generation); 0 while it has no row.</summary>
    public async Task<int[]> MembershipStatusesAsync()
    {
        var byPort = await Membership.StatusesByPortAsync(_clusterId);
        return [.. _silos.Select(silo => byPort.GetValueOrDefault(silo.SiloPort))];
    }

    /// <summary>Each silo's suspicion votes in the membership table (its newest generation); PostgreSQL membership only.</summary>
    public async Task<int[]> SuspicionVotesAsync()
    {
        var postgres = Membership as PostgresMembershipStore ?? throw new NotSupportedException("Suspicion votes are read from PostgreSQL membership.");
        var byPort = await postgres.SuspicionVotesByPortAsync(_clusterId);
        return [.. _silos.Select(silo => byPort.GetValueOrDefault(silo.SiloPort))];
    }

    public async Task WaitForMembershipAsync(int[] statuses, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int[] seen;
        while (!(seen = await MembershipStatusesAsync()).SequenceEqual(statuses))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Membership is [{string.Join(", ", seen)}], not [{string.Join(", ", statuses)}], after {timeout}.\n{RecentOutput()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// An Orleans client of this cluster in the test process, for checks the HTTP API has no call for
    /// (activations per silo, the chain verification of <see cref="LedgerInvariants"/>).
    /// </summary>
    public async Task<IClusterClient> OrleansClientAsync()
    {
        if (_orleansClient is null)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleansClient(client => Membership.UseIn(client)
                .Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = _clusterId;
                    options.ServiceId = ServiceId;
                })
                .UseClusterTls(TestClusterCertificates.Shared.Credentials));
            _orleansClient = builder.Build();
            await _orleansClient.StartAsync();
        }

        return _orleansClient.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>
    /// <see cref="LedgerInvariants"/> over the ledger the silos write, read directly through its event store, and
    /// the wallet grains of the cluster: every chain verifies, balances are folds, no charge twice, money is conserved.
    /// </summary>
    public async Task<LedgerTotals> AssertLedgerInvariantsAsync()
    {
        var grains = await OrleansClientAsync();
        await using var backend = _ledger.OpenBackend();
        await using var store = new GroupCommitEventStore(backend, new GroupCommitOptions());
        return await new LedgerInvariants(store, grains).AssertHoldAsync();
    }

    /// <summary>The last lines of every process, for a failure message.</summary>
    public string RecentOutput(int lines = 40) => string.Join('\n',
        _silos.Where(silo => silo.Process is not null).Select(silo => silo.Process!.RecentOutput(lines))
            .Append(_gateway?.RecentOutput(lines) ?? ""));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_orleansClient is not null)
            {
                await _orleansClient.StopAsync(TimeSpan.FromSeconds(10));
                _orleansClient.Dispose();
            }
        }
        finally
        {
            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }

            foreach (var silo in _silos.Where(silo => silo.Process is not null))
            {
                await silo.Process!.DisposeAsync();
            }

            if (_membership is not null)
            {
                await _membership.DisposeAsync();
            }

            await _ledger.DisposeAsync();
            if (Directory.Exists(_workingDirectory))
            {
                Directory.Delete(_workingDirectory, recursive: true);
            }
        }
    }

    private string CertificatePath => Path.Combine(_workingDirectory, "data", "gateway-https.pfx");

    private string[] ClusterArguments =>
    [
        $"--Cluster:ClusterId={_clusterId}",
        $"--Cluster:ServiceId={ServiceId}",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:Console:TimestampFormat=HH:mm:ss.fff ",
        .. TestClusterCertificates.Shared.Arguments,
        .. _settings,
    ];

    private async Task StartSiloAsync(int index)
    {
        var slot = _silos[index];
        string[] arguments =
        [
            .. ClusterArguments,
            $"--Cluster:SiloPort={slot.SiloPort}",
            $"--Cluster:GatewayPort={slot.GatewayPort}",
            $"--Silo:ManagementUrl=http://127.0.0.1:{LoopbackPorts.Free()}",
            // Both silos open one master key: a cluster shares it.
            "--Keys:Provider=File",
            $"--Keys:FilePath={Path.Combine(_workingDirectory, "data", "master.key")}",
        ];
        var environment = Membership.Environment.Concat(_ledger.Environment).ToDictionary();
        slot.Process = DotnetAppProcess.Start($"silo-{index}", AssemblyPath("SiloAssembly"), arguments, _workingDirectory, environment);
        await slot.Process.WaitUntilAsync(() => LoopbackPorts.AcceptsConnectionsAsync(slot.GatewayPort), StartTimeout, $"accept clients on port {slot.GatewayPort}");
    }

    private async Task StartGatewayAsync()
    {
        string[] arguments =
        [
            .. ClusterArguments,
            $"--Kestrel:Endpoints:Https:Url={BaseAddress.ToString().TrimEnd('/')}",
            // Several terminals' worth of load from one address: the per-client budgets are for the real world.
            "--RateLimits:PermitsPerSecondPerClient=1000000",
            "--RateLimits:BurstPerClient=1000000",
            // Each test terminal syncs without pause, far above a stand's pace: the per-device offline budget would refuse the load.
            "--RateLimits:OfflineTransactionsPerSecondPerDevice=1000000",
            "--RateLimits:OfflineTransactionBurstPerDevice=1000000",
            $"--Gateway:ManagementUrl=http://127.0.0.1:{LoopbackPorts.Free()}",
        ];
        var environment = new Dictionary<string, string>(Membership.Environment)
        {
            ["Auth__BootstrapOrganizer__ClientId"] = "organizer",
            ["Auth__BootstrapOrganizer__ClientSecret"] = OrganizerSecret,
            ["Auth__BootstrapTopup__ClientId"] = "topup",
            ["Auth__BootstrapTopup__ClientSecret"] = TopupSecret,
        };
        _gateway = DotnetAppProcess.Start("gateway", AssemblyPath("GatewayAssembly"), arguments, _workingDirectory, environment);
        await _gateway.WaitUntilAsync(IsGatewayReadyAsync, StartTimeout, $"become ready at {BaseAddress}");
    }

    private async Task<bool> IsGatewayReadyAsync()
    {
        if (!File.Exists(CertificatePath))
        {
            return false;
        }

        try
        {
            using var http = CreateClient(TimeSpan.FromSeconds(5));
            using var response = await http.GetAsync("health/ready");
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException or CryptographicException)
        {
            return false;
        }
    }

    private static string AssemblyPath(string key) => typeof(ClusteredSystem).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == key).Value!;

    private sealed class SiloSlot(int siloPort, int gatewayPort)
    {
        public int SiloPort { get; } = siloPort;

        public int GatewayPort { get; } = gatewayPort;

        public DotnetAppProcess? Process { get; set; }
    }
}
