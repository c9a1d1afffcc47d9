using System.Text.RegularExpressions;

namespace FestivalPos.Silo.Feed;

/// <summary>The Azure Storage queues the feed's batches travel through (Feed:Streams:AzureQueues).</summary>
public sealed partial class AzureQueueFeedOptions
{
    public const string SectionName = "Feed:Streams:AzureQueues";

    public const int MaxQueueCount = 64;

    /// <summary>
    /// A batch travels as one queue message, of 64 KiB at most once base64-encoded; a fact takes up to about 150 bytes
    /// serialized, so pages of 200 entries leave room to spare.
    /// </summary>
    public const int MaxPageSize = 200;

    public StorageAccountOptions Account { get; set; } = new();

    /// <summary>How many queues the stream's queue balancer spreads over the silos; one stream uses one of them.</summary>
    public int QueueCount { get; set; } = 4;

    /// <summary>The queues are named PREFIX-0 to PREFIX-(QueueCount - 1).</summary>
    public string QueueNamePrefix { get; set; } = "ledger-feed";

    public IReadOnlyList<string> QueueNames() => [.. Enumerable.Range(0, QueueCount).Select(i => $"{QueueNamePrefix}-{i}")];

    public IEnumerable<string> Problems()
    {
        foreach (var problem in Account.Problems($"{SectionName}:Account", "queue"))
        {
            yield return problem;
        }

        if (QueueCount is < 1 or > MaxQueueCount)
        {
            yield return $"{SectionName}:QueueCount {QueueCount} must be from 1 to {MaxQueueCount}.";
        }

        if (!QueueNamePrefixPattern().IsMatch(QueueNamePrefix ?? ""))
        {
            yield return $"{SectionName}:QueueNamePrefix '{QueueNamePrefix}' must be 3 to 60 lowercase letters, digits and single hyphens, "
                + "starting with a letter or digit: a queue name is the prefix, a hyphen and a number.";
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,59}$")]
    private static partial Regex QueueNamePrefixPattern();
}
