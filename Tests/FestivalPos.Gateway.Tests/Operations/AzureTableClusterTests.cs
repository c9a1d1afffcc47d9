using Azure.Identity;
using FestivalPos.DevServers;
using FestivalPos.Gateway.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Messaging;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>
/// The gateway's Orleans client on Azure Table membership: a half-configured Cluster:AzureTable stops the
/// gateway at start, naming the key; a table service endpoint is read with the process's Azure identity.
/// (A connection string, on Azurite, is the end-to-end tests' <c>ClusterSiloKillTests</c>.)
/// </summary>
public sealed class AzureTableClusterTests
{
    private const string ServiceUri = "https://festivalpos.table.core.windows.net";

    [Fact]
    public void Azure_Table_membership_without_an_endpoint_or_a_connection_string_stops_the_gateway_naming_both_keys()
    {
        var start = () => Gateway(new Dictionary<string, string?> { ["Cluster:Membership"] = "AzureTable" });
        start.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should()
            .StartWith("Cluster:Membership is AzureTable: give Cluster:AzureTable:ServiceUri").And.Contain("or Cluster:AzureTable:ConnectionString");
    }

    [Fact]
    public async Task The_gateway_list_comes_from_the_endpoint_read_with_the_Azure_identity_of_the_process()
    {
        using var gateway = Gateway(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "AzureTable",
            ["Cluster:AzureTable:ServiceUri"] = ServiceUri,
        }).Build();

        gateway.Services.GetRequiredService<IGatewayListProvider>().GetType().Name.Should().Be("AzureGatewayListProvider");
        var options = gateway.Services.GetRequiredService<IOptions<AzureStorageGatewayOptions>>().Value;
        options.TableName.Should().Be(AzureStorageClusteringOptions.DEFAULT_TABLE_NAME, "silo and gateway default to one table");
        options.TableServiceClient!.Uri.Should().Be(new Uri(ServiceUri));
        // No Azure identity here: the request stops at the token, before it is sent, so no key is in use.
        var read = () => options.TableServiceClient.GetPropertiesAsync();
        await read.Should().ThrowAsync<AuthenticationFailedException>().WithMessage("*DefaultAzureCredential*");
    }

    private static HostApplicationBuilder Gateway(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(TestClusterCertificates.Shared.Settings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayOrleansClient();
        return builder;
    }
}
