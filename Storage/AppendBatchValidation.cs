namespace FestivalPos.Storage;

internal static class AppendBatchValidation
{
    /// <summary>Rejects a batch that breaks the backend contract before any of it reaches the database.</summary>
    public static void ThrowIfInvalid(IReadOnlyList<AppendRequest> batch)
    {
        var streams = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        foreach (var request in batch)
        {
            ArgumentException.ThrowIfNullOrEmpty(request.StreamId, nameof(batch));
            if (request.ExpectedVersion < 0 || request.Events.Count == 0)
            {
                throw new ArgumentException(
                    $"The append to stream '{request.StreamId}' needs a non-negative expected version and at least one event.", nameof(batch));
            }

            ThrowIfInvalidIndex(request.StreamId, request.Index, nameof(batch));
            if (!streams.Add(request.StreamId))
            {
                throw new ArgumentException($"The batch holds two appends to stream '{request.StreamId}'.", nameof(batch));
            }
        }
    }

    /// <summary>
    /// Rejects entries without a key or value, and an append that binds one position to two values:
    /// a contradiction of the caller's own, not a conflict with what is stored.
    /// </summary>
    public static void ThrowIfInvalidIndex(string streamId, IReadOnlyList<IndexEntry> index, string parameterName)
    {
        if (index.Any(entry => string.IsNullOrEmpty(entry.Key) || entry.Value is null))
        {
            throw new ArgumentException($"The append to stream '{streamId}' has an index entry without a key or value.", parameterName);
        }

        if (index.Count > 1 && index.DistinctBy(entry => (entry.Key, entry.Position)).Count() != index.Distinct().Count())
        {
            throw new ArgumentException($"The append to stream '{streamId}' binds one index position to two values.", parameterName);
        }
    }
}
