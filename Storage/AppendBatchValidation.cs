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

            if (request.Index.Any(entry => string.IsNullOrEmpty(entry.Key) || entry.Value is null))
            {
                throw new ArgumentException($"The append to stream '{request.StreamId}' has an index entry without a key or value.", nameof(batch));
            }

            if (!streams.Add(request.StreamId))
            {
                throw new ArgumentException($"The batch holds two appends to stream '{request.StreamId}'.", nameof(batch));
            }
        }
    }
}
