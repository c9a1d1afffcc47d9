using FestivalPos.Clustering;
using FestivalPos.Clustering.AzureTable;
using FestivalPos.Clustering.Dashboard;
using FestivalPos.Clustering.Tls;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FestivalPos.Gateway.Api.Hosting;

public static class OrleansClientHosting
{
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The Orleans client, clustered as the Cluster section says, over mutual TLS (Cluster:Tls); grain
    /// calls time out after a few seconds, or fail at once when a gateway connection is lost with them in flight.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayOrleansClient(this IHostApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(GatewayClusterOptions.SectionName).Get<GatewayClusterOptions>() ?? new GatewayClusterOptions();
        var problems = cluster.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(GatewayClusterOptions.SectionName, typeof(GatewayClusterOptions), problems);
        }

        var tls = ClusterTls.Resolve(builder.Configuration, builder.Environment.IsDevelopment(), servesConnections: false);

        builder.UseOrleansClient(client =>
        {
            switch (cluster.Membership)
            {
                case ClusterMembership.PostgreSql:
                    client.UsePostgresClustering(cluster.PostgreSqlConnectionString!);
                    break;
                case ClusterMembership.AzureTable:
                    client.UseAzureTableClustering(cluster.AzureTable);
                    break;
                default:
                    client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
                    break;
            }

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(cluster.ResponseTimeoutSeconds));
            client.UseConnectionRetryFilter<RetryUntilStopped>();
            if (cluster.FailInFlightCallsOnGatewayLoss)
            {
                client.Services.AddSingleton<InFlightCallsOnGatewayLoss>();
                client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<InFlightCallsOnGatewayLoss>());
                client.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<InFlightCallsOnGatewayLoss>());
            }

            if (tls is not null)
            {
                client.UseClusterTls(tls);
            }

            client.AddActivityPropagation();
            if (ClusterDashboard.IsEnabled(builder.Configuration))
            {
                client.AddClusterDashboard();
            }
        });
        return builder;
    }

    /// <summary>A gateway started before its silos waits for them instead of failing.</summary>
    private sealed class RetryUntilStopped(ILogger<RetryUntilStopped> logger) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            logger.LogWarning(exception, "The Orleans cluster is not reachable yet; retrying in {Delay}.", ConnectRetryDelay);
            await Task.Delay(ConnectRetryDelay, cancellationToken);
            return true;
        }
    }
}
