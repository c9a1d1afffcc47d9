using System.Net;
using System.Net.Sockets;
using FestivalPos.DevServers;
using FestivalPos.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>One real silo, hosted as the Silo project hosts it, over a temporary SQLite ledger on free ports.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly string _databasePath;
    private readonly IHost _host;

    private TestSilo(IHost host, string databasePath, string clusterId, int gatewayPort)
    {
        _host = host;
        _databasePath = databasePath;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
    }

    public string ClusterId { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestSilo> StartAsync()
    {
        var clusterId = $"posapp-tests-{Guid.NewGuid():N}";
        var gatewayPort = FreePort();
        var databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-{Guid.NewGuid():N}.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestClusterCertificates.Shared.Settings)
        {
            ["Ledger:Storage:Provider"] = "Sqlite",
            ["Ledger:Storage:Sqlite:Path"] = databasePath,
            ["Cluster:Membership"] = "Localhost",
            ["Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
            ["Keys:Provider"] = "File",
            ["Keys:FilePath"] = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-{Environment.ProcessId}", "master.key"),
        });
        builder.AddFestivalPosSilo();
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, databasePath, clusterId, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            File.Delete(file);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
