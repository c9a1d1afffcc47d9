using System.Globalization;
using FestivalPos.DevServers;
using FestivalPos.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// One real silo, hosted as the Silo project hosts it, on free ports: alone over a temporary SQLite
/// ledger, or as a member of a PostgreSQL cluster (PostgreSQL ledger and membership).
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly string? _databasePath;
    private readonly IHost _host;
    private int _stopped;

    private TestSilo(IHost host, string? databasePath, string clusterId, int gatewayPort)
    {
        _host = host;
        _databasePath = databasePath;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
    }

    public string ClusterId { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's SQLite ledger file; null for a silo on PostgreSQL.</summary>
    public string? DatabasePath => _databasePath;

    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>A silo of its own on a fresh SQLite ledger; <paramref name="settings"/> add to or override its configuration.</summary>
    public static Task<TestSilo> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-gateway-{Guid.NewGuid():N}.db");
        var configuration = new Dictionary<string, string?>
        {
            ["Ledger:Storage:Provider"] = "Sqlite",
            ["Ledger:Storage:Sqlite:Path"] = databasePath,
            ["Cluster:Membership"] = "Localhost",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return StartAsync($"gateway-tests-{Guid.NewGuid():N}", databasePath, configuration);
    }

    /// <summary>A silo that joins <paramref name="clusterId"/> through the membership tables of <paramref name="connectionString"/>.</summary>
    public static Task<TestSilo> StartPostgresAsync(string connectionString, string clusterId) =>
        StartAsync(clusterId, databasePath: null, new Dictionary<string, string?>
        {
            ["Ledger:Storage:Provider"] = "PostgreSql",
            ["Ledger:Storage:PostgreSql:ConnectionString"] = connectionString,
            ["Cluster:Membership"] = "PostgreSql",
            ["Cluster:PostgreSqlConnectionString"] = connectionString,
            ["Cluster:AdvertisedAddress"] = "127.0.0.1",
        });

    /// <summary>Stops the silo gracefully; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
            DeleteDatabase();
        }
    }

    private static async Task<TestSilo> StartAsync(string clusterId, string? databasePath, Dictionary<string, string?> settings)
    {
        var gatewayPort = LoopbackPorts.Free();
        settings["Cluster:SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        settings["Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        settings["Cluster:ClusterId"] = clusterId;
        settings["Cluster:ServiceId"] = clusterId;
        settings["Keys:Provider"] = "File";
        settings["Keys:FilePath"] = TestMasterKey.FilePath;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings.Concat(TestClusterCertificates.Shared.Settings));
        builder.AddFestivalPosSilo();
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, databasePath, clusterId, gatewayPort);
    }

    private void DeleteDatabase()
    {
        if (_databasePath is null)
        {
            return;
        }

        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
