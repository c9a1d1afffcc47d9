using System.Net;
using FestivalPos.Clustering;
using FestivalPos.Clustering.AzureTable;
using FestivalPos.Clustering.Dashboard;
using FestivalPos.Clustering.Tls;
using FestivalPos.Grains;
using FestivalPos.Silo.Feed;
using FestivalPos.Silo.Keys;
using FestivalPos.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace FestivalPos.Silo;

public static class SiloHosting
{
    /// <summary>
    /// Everything a FestivalPos silo runs: the ledger storage chosen by Ledger:Storage, the ledger
    /// grains, the feed pump and projections, the Orleans Dashboard's silo part (Dashboard:Enabled), and Orleans clustered as Cluster says, its silo and gateway ports speaking mutual TLS
    /// (Cluster:Tls). Bad configuration stops the start with a clear message.
    /// </summary>
    public static IHostApplicationBuilder AddFestivalPosSilo(this IHostApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection(SiloClusterOptions.SectionName).Get<SiloClusterOptions>() ?? new SiloClusterOptions();
        var problems = cluster.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SiloClusterOptions.SectionName, typeof(SiloClusterOptions), problems);
        }

        var ledger = builder.Configuration.GetSection(LedgerStorageOptions.SectionName).Get<LedgerStorageOptions>() ?? new LedgerStorageOptions();
        var tls = ClusterTls.Resolve(builder.Configuration, builder.Environment.IsDevelopment(), servesConnections: true);

        builder.AddMasterKey();
        builder.Services.AddLedgerStorage(builder.Configuration);
        builder.Services.AddLedgerGrains();
        builder.UseOrleans(silo =>
        {
            switch (cluster.Membership)
            {
                case ClusterMembership.PostgreSql:
                    silo.UsePostgresClustering(cluster.PostgreSqlConnectionString!);
                    break;
                case ClusterMembership.AzureTable:
                    silo.UseAzureTableClustering(cluster.AzureTable);
                    break;
                default:
                    silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
                    break;
            }

            if (cluster.Membership != ClusterMembership.Localhost)
            {
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAnyInterface);
            }

            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            silo.Configure<ClusterMembershipOptions>(cluster.FailureDetection.ApplyTo);
            if (tls is not null)
            {
                silo.UseClusterTls(tls);
            }

            silo.AddLedgerFeed(LedgerFeedStreamOptions.From(builder.Configuration));

            silo.AddActivityPropagation();
            if (ClusterDashboard.IsEnabled(builder.Configuration))
            {
                silo.AddClusterDashboard();
            }
        });
        return builder;
    }
}
