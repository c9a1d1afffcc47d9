using FestivalPos.DevServers;
using FestivalPos.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>One real silo, hosted as the Silo project hosts it, on free ports, its ledger and membership where its profile says.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host, string clusterId, int gatewayPort, IReadOnlyDictionary<string, string?> membership)
    {
        _host = host;
        ClusterId = clusterId;
        GatewayPort = gatewayPort;
        Membership = membership;
    }

    public string ClusterId { get; }

    /// <summary>How long a terminal may refund its own sale here: short, so that a test can see the window close.</summary>
    public const int RefundWindowSeconds = 10;

    public int GatewayPort { get; }

    /// <summary>The Cluster settings its gateway finds it with.</summary>
    public IReadOnlyDictionary<string, string?> Membership { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestSilo> StartAsync(SiloProfile profile)
    {
        var clusterId = $"posapp-tests-{Guid.NewGuid():N}";
        var gatewayPort = LoopbackPorts.Free();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestClusterCertificates.Shared.Settings)
        {
            ["Cluster:SiloPort"] = LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = clusterId,
            ["Refunds:DeviceWindowSeconds"] = RefundWindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:ServiceId"] = clusterId,
            ["Keys:Provider"] = "File",
            ["Keys:FilePath"] = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-{Environment.ProcessId}", "master.key"),
        });
        builder.Configuration.AddInMemoryCollection(profile.Ledger.Concat(profile.Membership));
        builder.AddFestivalPosSilo();
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, clusterId, gatewayPort, profile.Membership);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
