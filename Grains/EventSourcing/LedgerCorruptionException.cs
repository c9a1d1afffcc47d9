namespace FestivalPos.Grains.EventSourcing;

/// <summary>Stored history does not verify: a broken hash chain or balances that do not add up.</summary>
public sealed class LedgerCorruptionException(string streamId, long version, string problem)
    : Exception($"Stream '{streamId}' at version {version}: {problem}")
{
    public string StreamId { get; } = streamId;

    public long Version { get; } = version;

    public string Problem { get; } = problem;
}
