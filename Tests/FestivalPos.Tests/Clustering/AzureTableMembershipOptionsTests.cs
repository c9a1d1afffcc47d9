using Azure.Data.Tables;
using Azure.Identity;
using FestivalPos.DevServers;
using FestivalPos.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;

namespace FestivalPos.Tests.Clustering;

/// <summary>
/// A silo on Azure Table membership: a half-configured Cluster:AzureTable stops it at start with a message
/// naming the key; a table service endpoint is reached with the process's Azure identity.
/// </summary>
public sealed class AzureTableMembershipOptionsTests : IDisposable
{
    private const string ServiceUri = "https://festivalpos.table.core.windows.net";
    private readonly string _masterKeyPath = Path.Combine(Path.GetTempPath(), $"festivalpos-azure-table-{Guid.NewGuid():N}.key");

    public void Dispose() => File.Delete(_masterKeyPath);

    [Fact]
    public void Without_an_endpoint_or_a_connection_string_the_silo_refuses_to_start_naming_both_keys()
    {
        var problems = Problems(new Dictionary<string, string?> { ["Cluster:Membership"] = "AzureTable" });
        problems.Should().ContainSingle().Which.Should()
            .StartWith("Cluster:Membership is AzureTable: give Cluster:AzureTable:ServiceUri (https://ACCOUNT.table.core.windows.net")
            .And.Contain("or Cluster:AzureTable:ConnectionString");
    }

    [Theory]
    [InlineData("ServiceUri", "http://festivalpos.table.core.windows.net", "Cluster:AzureTable:ServiceUri 'http://festivalpos.table.core.windows.net' is not an https URL")]
    [InlineData("ServiceUri", "festivalpos.table.core.windows.net", "Cluster:AzureTable:ServiceUri 'festivalpos.table.core.windows.net' is not an https URL")]
    [InlineData("ConnectionString", "c2VjcmV0LWtleQ==", "Cluster:AzureTable:ConnectionString is not a storage connection string (")]
    [InlineData("ConnectionString", "AccountName=festivalpos;AccountKey=", "Cluster:AzureTable:ConnectionString is not a storage connection string (")]
    [InlineData("ConnectionString", "AccountName=festivalpos;AccountKey=not base64!", "Cluster:AzureTable:ConnectionString is not a storage connection string (")]
    public void A_bad_endpoint_or_connection_string_is_refused_naming_its_key(string key, string value, string expectedStart)
    {
        var problems = Problems(new Dictionary<string, string?> { ["Cluster:Membership"] = "AzureTable", [$"Cluster:AzureTable:{key}"] = value });
        problems.Should().ContainSingle().Which.Should().StartWith(expectedStart);
        if (key == "ConnectionString")
        {
            problems[0].Should().NotContain(value, "a connection string holds a key");
        }
    }

    [Fact]
    public void An_endpoint_and_a_connection_string_together_are_refused()
    {
        var problems = Problems(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "AzureTable",
            ["Cluster:AzureTable:ServiceUri"] = ServiceUri,
            ["Cluster:AzureTable:ConnectionString"] = "UseDevelopmentStorage=true",
        });
        problems.Should().Equal("Give Cluster:AzureTable:ServiceUri or Cluster:AzureTable:ConnectionString, not both.");
    }

    [Theory]
    [InlineData("membership-table")]
    [InlineData("1membership")]
    [InlineData("ab")]
    public void A_table_name_Azure_would_refuse_is_refused_at_start(string tableName)
    {
        var problems = Problems(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "AzureTable",
            ["Cluster:AzureTable:ServiceUri"] = ServiceUri,
            ["Cluster:AzureTable:TableName"] = tableName,
        });
        problems.Should().Equal($"Cluster:AzureTable:TableName '{tableName}' is not a table name: 3 to 63 letters and digits, the first a letter.");
    }

    [Fact]
    public void The_Azure_Table_keys_are_not_required_by_the_other_memberships()
    {
        Problems(new Dictionary<string, string?> { ["Cluster:Membership"] = "Localhost", ["Cluster:AzureTable:TableName"] = "-" }).Should().BeEmpty();
    }

    [Fact]
    public async Task An_endpoint_is_the_membership_table_reached_with_the_Azure_identity_of_the_process()
    {
        using var silo = Silo(new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "AzureTable",
            ["Cluster:AzureTable:ServiceUri"] = ServiceUri,
            ["Cluster:AzureTable:TableName"] = "FestivalPosMembership",
        }).Build();

        silo.Services.GetRequiredService<IMembershipTable>().GetType().Name.Should().Be("AzureBasedMembershipTable");
        var options = silo.Services.GetRequiredService<IOptions<AzureStorageClusteringOptions>>().Value;
        options.TableName.Should().Be("FestivalPosMembership");
        options.TableServiceClient!.Uri.Should().Be(new Uri(ServiceUri));
        options.TableServiceClient.AccountName.Should().Be("festivalpos");
        // No Azure identity here: the request stops at the token, before it is sent, so no key is in use.
        var reach = () => options.TableServiceClient.GetTableClient(options.TableName).QueryAsync<TableEntity>(maxPerPage: 1).AsPages().GetAsyncEnumerator().MoveNextAsync().AsTask();
        await reach.Should().ThrowAsync<AuthenticationFailedException>().WithMessage("*DefaultAzureCredential*");
    }

    /// <summary>What stops a silo with these settings at start; none when it starts.</summary>
    private List<string> Problems(Dictionary<string, string?> settings)
    {
        try
        {
            Silo(settings);
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return [.. exception.Failures];
        }
    }

    private HostApplicationBuilder Silo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestClusterCertificates.Shared.Settings)
        {
            ["Keys:Provider"] = "File",
            ["Keys:FilePath"] = _masterKeyPath,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFestivalPosSilo();
        return builder;
    }
}
