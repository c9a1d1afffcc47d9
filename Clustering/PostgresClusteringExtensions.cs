using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Messaging;
using Orleans.Runtime.Membership;
using Orleans.Runtime.MembershipService;

namespace FestivalPos.Clustering;

/// <summary>Cluster membership and gateway discovery on PostgreSQL through Orleans' ADO.NET provider.</summary>
public static class PostgresClusteringExtensions
{
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresMembershipSchema.Invariant;
            options.ConnectionString = connectionString;
        });

        // Registered after the provider's own table, so this one is resolved.
        builder.Services.AddSingleton<IMembershipTable>(services => new SchemaInstallingMembershipTable(
            connectionString, ActivatorUtilities.CreateInstance<AdoNetClusteringTable>(services)));
        return builder;
    }

    public static IClientBuilder UsePostgresClustering(this IClientBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresMembershipSchema.Invariant;
            options.ConnectionString = connectionString;
        });

        builder.Services.AddSingleton<IGatewayListProvider>(services => new SchemaInstallingGatewayListProvider(
            connectionString, ActivatorUtilities.CreateInstance<AdoNetGatewayListProvider>(services)));
        return builder;
    }
}
