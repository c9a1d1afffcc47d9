using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Identity;
using Orleans.Clustering.AzureStorage;

namespace FestivalPos.Clustering.AzureTable;

/// <summary>
/// The Azure Table storage holding the membership table, bound from Cluster:AzureTable (silo and gateway
/// alike): a table service endpoint reached with the process's Azure identity, or a connection string.
/// </summary>
public sealed partial class AzureTableMembershipOptions
{
    /// <summary>The table service endpoint, <c>https://ACCOUNT.table.core.windows.net</c>, reached with <see cref="DefaultAzureCredential"/>.</summary>
    public string? ServiceUri { get; set; }

    /// <summary>A storage account's connection string (with its key), or Azurite's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>One table serves many clusters: its rows are partitioned by Cluster:ClusterId.</summary>
    public string TableName { get; set; } = AzureStorageClusteringOptions.DEFAULT_TABLE_NAME;

    /// <summary>Every problem with these options, in words an operator can act on.</summary>
    public IEnumerable<string> Problems()
    {
        var hasServiceUri = !string.IsNullOrWhiteSpace(ServiceUri);
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasServiceUri == hasConnectionString)
        {
            yield return hasServiceUri
                ? "Give Cluster:AzureTable:ServiceUri or Cluster:AzureTable:ConnectionString, not both."
                : "Cluster:Membership is AzureTable: give Cluster:AzureTable:ServiceUri (https://ACCOUNT.table.core.windows.net, reached with "
                    + "the managed identity or another Azure credential) or Cluster:AzureTable:ConnectionString (a storage account's, or Azurite's).";
        }
        else if (hasServiceUri && !IsHttpsUrl(ServiceUri!))
        {
            yield return $"Cluster:AzureTable:ServiceUri '{ServiceUri}' is not an https URL such as https://ACCOUNT.table.core.windows.net "
                + "(Azure credentials are sent over https only).";
        }
        else if (hasConnectionString && !IsConnectionString(ConnectionString!))
        {
            // The parser's own message may quote part of the string, and so of its key: not repeated here.
            yield return "Cluster:AzureTable:ConnectionString is not a storage connection string "
                + "(DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net, or Azurite's).";
        }

        if (!TableNamePattern().IsMatch(TableName ?? ""))
        {
            yield return $"Cluster:AzureTable:TableName '{TableName}' is not a table name: 3 to 63 letters and digits, the first a letter.";
        }
    }

    /// <summary>The table service client these options name; call only when <see cref="Problems"/> finds none.</summary>
    public TableServiceClient CreateServiceClient(TableClientOptions? clientOptions) => string.IsNullOrWhiteSpace(ConnectionString)
        ? new TableServiceClient(new Uri(ServiceUri!), new DefaultAzureCredential(), clientOptions)
        : new TableServiceClient(ConnectionString, clientOptions);

    private static bool IsHttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsConnectionString(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
