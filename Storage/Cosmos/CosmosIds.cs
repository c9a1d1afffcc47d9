using System.Globalization;
using System.Text;

namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// Document ids as the Orleans Cosmos providers shape them: a kind, then the escaped name, then a number,
/// joined by '_'. Cosmos DB ids must not hold '/', '\', '?' or '#'; those, and the separator and the escape
/// character themselves, become '~' and a digit, so distinct names give distinct ids.
/// </summary>
internal static class CosmosIds
{
    private const char Separator = '_';
    private const char Escape = '~';
    private const string Escaped = "/\\?#_~";

    /// <summary>The append whose first event is at <paramref name="firstVersion"/> of the stream.</summary>
    public static string Append(string streamId, long firstVersion) => Join("append", streamId, firstVersion);

    /// <summary>The reservation of an index position.</summary>
    public static string Binding(string key, long position) => Join("binding", key, position);

    /// <summary>The logical partition of the feed's batches and checkpoints.</summary>
    public const string FeedPartition = "ledger-feed";

    /// <summary>The feed batch numbered <paramref name="number"/>.</summary>
    public static string FeedBatch(long number) => Join("feedbatch", "feed", number);

    /// <summary>The checkpoint of a feed consumer.</summary>
    public static string Checkpoint(string consumer) => Join("checkpoint", consumer, 0);

    public static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        foreach (var character in name)
        {
            var escaped = Escaped.IndexOf(character, StringComparison.Ordinal);
            if (escaped < 0)
            {
                builder.Append(character);
            }
            else
            {
                builder.Append(Escape).Append((char)('0' + escaped));
            }
        }

        return builder.ToString();
    }

    private static string Join(string kind, string name, long number) =>
        string.Concat(kind, Separator.ToString(), Sanitize(name), Separator.ToString(), number.ToString(CultureInfo.InvariantCulture));
}
