using System.Net;
using FestivalPos.Clustering;
using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace FestivalPos.Tests.Clustering;

/// <summary>
/// Starts real in-process silos and clients that find each other through PostgreSQL and talk over
/// mutual TLS with certificates of the test run's CA.
/// </summary>
internal static class ClusterTestHosts
{
    public const string ServiceId = "festivalpos-cluster-tests";

    public static async Task<IHost> StartSiloAsync(string connectionString, string clusterId, string siloName)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo
            .UsePostgresClustering(connectionString)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = ServiceId;
            })
            .Configure<SiloOptions>(options => options.SiloName = siloName)
            .ConfigureEndpoints(IPAddress.Loopback, LoopbackPorts.Free(), LoopbackPorts.Free(), listenOnAnyHostAddress: false)
            .UseClusterTls(TestClusterCertificates.Shared.Credentials));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UsePostgresClustering(connectionString)
            .Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = ServiceId;
            })
            .UseClusterTls(TestClusterCertificates.Shared.Credentials));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static SiloAddress SiloAddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task StopAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        try
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>Polls until the condition holds, failing after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout}: {because}");
            }

            await Task.Delay(100);
        }
    }
}
