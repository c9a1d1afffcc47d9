using System.Text.Json.Serialization;

namespace FestivalPos.Storage.Cosmos;

/// <summary>The kinds of document in the ledger container.</summary>
internal static class DocumentKind
{
    /// <summary>A committed append: its events and its index entries.</summary>
    public const string Append = "append";

    /// <summary>An append id taken to fence off the attempt it names, which can then never commit there.</summary>
    public const string Void = "void";

    /// <summary>An index position reserved for a value by the appends that own it.</summary>
    public const string Binding = "binding";

    /// <summary>A numbered batch of append attempts in the ledger feed.</summary>
    public const string FeedBatch = "feedbatch";

    /// <summary>A feed consumer's checkpoint.</summary>
    public const string Checkpoint = "checkpoint";
}

/// <summary>
/// One append of a stream (partition = the stream), or a void in its place. Created at the id of its first
/// version: the create that finds the id free decides the version race. Voids carry no events and no last version.
/// </summary>
internal sealed record StreamDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("PartitionKey")] string PartitionKey,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("first")] long First,
    [property: JsonPropertyName("last")] long? Last,
    [property: JsonPropertyName("attempt")] string Attempt,
    [property: JsonPropertyName("events")] IReadOnlyList<StoredEvent>? Events,
    [property: JsonPropertyName("index")] IReadOnlyList<StoredIndexEntry>? Index)
{
    public bool IsAppend => Kind == DocumentKind.Append;

    public static StreamDocument ForAppend(AppendRequest request, string attempt) => new(
        CosmosIds.Append(request.StreamId, request.ExpectedVersion + 1),
        request.StreamId,
        DocumentKind.Append,
        request.StreamId,
        request.ExpectedVersion + 1,
        request.ExpectedVersion + request.Events.Count,
        attempt,
        request.Events.Select(e => new StoredEvent(e.Payload, e.Hash)).ToArray(),
        request.Index.Select(e => new StoredIndexEntry(e.Key, e.Position, e.Value)).ToArray());

    public static StreamDocument ForVoid(AppendOwner fenced) => new(
        CosmosIds.Append(fenced.Stream, fenced.First), fenced.Stream, DocumentKind.Void, fenced.Stream, fenced.First, null, fenced.Attempt, null, null);
}

internal sealed record StoredEvent(
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("hash")] string Hash);

internal sealed record StoredIndexEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("value")] string Value);

/// <summary>An append attempt that owns a reservation: its stream, the first version it appends at, and its attempt id.</summary>
internal sealed record AppendOwner(
    [property: JsonPropertyName("stream")] string Stream,
    [property: JsonPropertyName("first")] long First,
    [property: JsonPropertyName("attempt")] string Attempt);

/// <summary>
/// An index position (partition = the index key) reserved for <see cref="Value"/> by its owners, all binding
/// that value. It is bound once one of them has committed; <see cref="Committed"/> remembers which, once found.
/// </summary>
internal sealed record BindingDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("PartitionKey")] string PartitionKey,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("owners")] IReadOnlyList<AppendOwner> Owners,
    [property: JsonPropertyName("committed")] AppendOwner? Committed)
{
    public static BindingDocument Reserve(IndexEntry entry, AppendOwner owner) =>
        new(CosmosIds.Binding(entry.Key, entry.Position), entry.Key, DocumentKind.Binding, entry.Position, entry.Value, [owner], null);
}

/// <summary>The versions an append document covers, as a version check reads them.</summary>
internal sealed record AppendRange(
    [property: JsonPropertyName("first")] long First,
    [property: JsonPropertyName("last")] long Last);

/// <summary>A stream's name, as listing reads it.</summary>
internal sealed record StreamName([property: JsonPropertyName("stream")] string Stream);

/// <summary>An append attempt as a feed batch lists it: the attempt and how many events it appends.</summary>
internal sealed record FeedAttempt(
    [property: JsonPropertyName("owner")] AppendOwner Owner,
    [property: JsonPropertyName("count")] int Count);

/// <summary>
/// A numbered batch of the ledger feed (partition = <see cref="CosmosIds.FeedPartition"/>), announced before its
/// attempts try to commit. It is settled once each attempt has committed or can no longer commit: then it
/// keeps the committed ones, in order, at the feed positions <see cref="FirstPosition"/> to <see cref="LastPosition"/>.
/// </summary>
internal sealed record FeedBatchDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("PartitionKey")] string PartitionKey,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("number")] long Number,
    [property: JsonPropertyName("announcedAtMs")] long AnnouncedAtMs,
    [property: JsonPropertyName("attempts")] IReadOnlyList<FeedAttempt> Attempts,
    [property: JsonPropertyName("firstPosition")] long? FirstPosition,
    [property: JsonPropertyName("lastPosition")] long? LastPosition)
{
    public bool IsSettled => LastPosition is not null;

    public static FeedBatchDocument Announce(long number, long announcedAtMs, IReadOnlyList<FeedAttempt> attempts) => new(
        CosmosIds.FeedBatch(number), CosmosIds.FeedPartition, DocumentKind.FeedBatch, number, announcedAtMs, attempts, null, null);

    /// <summary>Only the committed attempts stay; an empty batch takes no position (its last is the one before its first).</summary>
    public FeedBatchDocument Settle(long firstPosition, IReadOnlyList<FeedAttempt> committed) => this with
    {
        Attempts = committed,
        FirstPosition = firstPosition,
        LastPosition = firstPosition - 1 + committed.Sum(attempt => attempt.Count),
    };
}

/// <summary>The position through which a consumer has handled the feed (partition = <see cref="CosmosIds.FeedPartition"/>).</summary>
internal sealed record CheckpointDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("PartitionKey")] string PartitionKey,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("position")] long Position)
{
    public static CheckpointDocument For(string consumer, long position) =>
        new(CosmosIds.Checkpoint(consumer), CosmosIds.FeedPartition, DocumentKind.Checkpoint, position);
}
