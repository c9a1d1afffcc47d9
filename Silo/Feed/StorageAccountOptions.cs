using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace FestivalPos.Silo.Feed;

/// <summary>
/// One service of a storage account, as the other Azure settings give it: an endpoint reached with the process's Azure
/// identity (<c>DefaultAzureCredential</c>), or a connection string (a storage account's with its key, or Azurite's).
/// </summary>
public sealed class StorageAccountOptions
{
    /// <summary>The service endpoint, such as <c>https://ACCOUNT.queue.core.windows.net</c>.</summary>
    public string? ServiceUri { get; set; }

    public string? ConnectionString { get; set; }

    public bool HasConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public QueueServiceClient CreateQueueServiceClient() =>
        HasConnectionString ? new QueueServiceClient(ConnectionString) : new QueueServiceClient(new Uri(ServiceUri!), new DefaultAzureCredential());

    public TableServiceClient CreateTableServiceClient() =>
        HasConnectionString ? new TableServiceClient(ConnectionString) : new TableServiceClient(new Uri(ServiceUri!), new DefaultAzureCredential());

    /// <summary>Every problem with these options; <paramref name="section"/> is where they are configured.</summary>
    public IEnumerable<string> Problems(string section, string service)
    {
        var hasServiceUri = !string.IsNullOrWhiteSpace(ServiceUri);
        if (hasServiceUri == HasConnectionString)
        {
            yield return hasServiceUri
                ? $"Give {section}:ServiceUri or {section}:ConnectionString, not both."
                : $"Give {section}:ServiceUri (https://ACCOUNT.{service}.core.windows.net, reached with the managed identity or another "
                    + $"Azure credential) or {section}:ConnectionString (a storage account's, or Azurite's).";
        }
        else if (hasServiceUri && !(Uri.TryCreate(ServiceUri, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
        {
            yield return $"{section}:ServiceUri '{ServiceUri}' is not an https URL such as https://ACCOUNT.{service}.core.windows.net "
                + "(Azure credentials are sent over https only).";
        }
    }
}
