using Orleans;
using Orleans.Hosting;

namespace FestivalPos.Clustering.AzureTable;

/// <summary>Cluster membership and gateway discovery in Azure Table storage through Orleans' Azure Storage provider.</summary>
public static class AzureTableClusteringExtensions
{
    public static ISiloBuilder UseAzureTableClustering(this ISiloBuilder builder, AzureTableMembershipOptions membership) =>
        builder.UseAzureStorageClustering(options =>
        {
            options.TableName = membership.TableName;
            options.TableServiceClient = membership.CreateServiceClient(options.ClientOptions);
        });

    public static IClientBuilder UseAzureTableClustering(this IClientBuilder builder, AzureTableMembershipOptions membership) =>
        builder.UseAzureStorageClustering(options =>
        {
            options.TableName = membership.TableName;
            options.TableServiceClient = membership.CreateServiceClient(options.ClientOptions);
        });
}
