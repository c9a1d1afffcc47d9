using System.Text.RegularExpressions;

namespace FestivalPos.Silo.Feed;

/// <summary>
/// The Azure Event Hub the feed's batches travel through (Feed:Streams:EventHubs): a namespace reached with the
/// process's Azure identity (<c>DefaultAzureCredential</c>), or a connection string; and the Azure Table where each
/// partition's receive position is checkpointed.
/// </summary>
public sealed partial class EventHubFeedOptions
{
    public const string SectionName = "Feed:Streams:EventHubs";

    /// <summary>The namespace's host name, <c>NAME.servicebus.windows.net</c>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>An Event Hubs connection string, instead of <see cref="FullyQualifiedNamespace"/>.</summary>
    public string? ConnectionString { get; set; }

    public string HubName { get; set; } = "ledger-feed";

    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>The table service holding the partitions' checkpoints.</summary>
    public StorageAccountOptions Checkpoints { get; set; } = new();

    /// <summary>One table serves many clusters: its rows are keyed by service id, stream provider and partition.</summary>
    public string CheckpointTableName { get; set; } = "LedgerFeedCheckpoints";

    public bool HasConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(FullyQualifiedNamespace) == !HasConnectionString)
        {
            yield return HasConnectionString
                ? $"Give {SectionName}:FullyQualifiedNamespace or {SectionName}:ConnectionString, not both."
                : $"Give {SectionName}:FullyQualifiedNamespace (NAME.servicebus.windows.net, reached with the managed identity or another "
                    + $"Azure credential) or {SectionName}:ConnectionString.";
        }
        else if (!HasConnectionString && Uri.CheckHostName(FullyQualifiedNamespace) != UriHostNameType.Dns)
        {
            yield return $"{SectionName}:FullyQualifiedNamespace '{FullyQualifiedNamespace}' is not a host name such as NAME.servicebus.windows.net.";
        }

        if (string.IsNullOrWhiteSpace(HubName) || string.IsNullOrWhiteSpace(ConsumerGroup))
        {
            yield return $"{SectionName}:HubName and {SectionName}:ConsumerGroup must not be empty.";
        }

        foreach (var problem in Checkpoints.Problems($"{SectionName}:Checkpoints", "table"))
        {
            yield return problem;
        }

        if (!TableNamePattern().IsMatch(CheckpointTableName ?? ""))
        {
            yield return $"{SectionName}:CheckpointTableName '{CheckpointTableName}' is not a table name: 3 to 63 letters and digits, the first a letter.";
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
