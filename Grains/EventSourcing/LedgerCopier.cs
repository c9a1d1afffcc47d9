using System.Collections.Concurrent;
using FestivalPos.Grains.Devices;
using FestivalPos.Storage;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>What <see cref="LedgerCopier"/> copied, and every way the target differs from the source.</summary>
public sealed record LedgerCopy(long Streams, long Events, long IndexEntries, IReadOnlyList<string> Differences);

/// <summary>
/// Copies a whole ledger into an empty store of another kind (SQLite or PostgreSQL into Cosmos DB): every stream
/// event for event (payloads and chain hashes as stored, versions from 1), each seq binding with an event that
/// decided it, then reads the target back and compares it with the source.
/// </summary>
public static class LedgerCopier
{
    /// <summary>Events per append on the target: a Cosmos DB append document stays far below its 2 MB limit.</summary>
    public const int MaxEventsPerAppend = 100;

    /// <summary>Streams copied at once; the target's group commit gathers their appends.</summary>
    public const int MaxStreamsAtOnce = 32;

    public static async Task<LedgerCopy> CopyAsync(IEventStore source, IEventStore target, CancellationToken cancellationToken)
    {
        var streams = await ListAsync(source, cancellationToken);
        var bindings = new ConcurrentDictionary<string, Task<IReadOnlyList<IndexEntry>>>(StringComparer.Ordinal);
        var carried = new ConcurrentDictionary<(string Key, long Position), bool>();
        long events = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxStreamsAtOnce, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(streams, parallel, async (streamId, token) =>
        {
            foreach (var chunk in (await source.ReadAsync(streamId, 0, token)).Chunk(MaxEventsPerAppend))
            {
                var index = new List<IndexEntry>();
                foreach (var candidate in chunk.SelectMany(recorded => SeqBindings.CarriedBy(streamId, recorded)).Distinct())
                {
                    var bound = await bindings.GetOrAdd(candidate.Key, key => source.ReadIndexAsync(key, 0, token));
                    if (bound.Contains(candidate))
                    {
                        index.Add(candidate);
                        carried[(candidate.Key, candidate.Position)] = true;
                    }
                }

                await target.AppendAsync(streamId, chunk[0].Version - 1, [.. chunk.Select(e => new EventToAppend(e.Payload, e.Hash))], index, token);
                Interlocked.Add(ref events, chunk.Length);
            }
        });

        var differences = new List<string>();
        foreach (var key in DeviceIndexKeys(streams))
        {
            var bound = await bindings.GetOrAdd(key, k => source.ReadIndexAsync(k, 0, cancellationToken));
            differences.AddRange(bound.Where(entry => !carried.ContainsKey((entry.Key, entry.Position)))
                .Select(entry => $"{entry.Key} position {entry.Position}: no event of the source decided it, so it was not copied"));
        }

        differences.AddRange(await CompareAsync(source, target, streams, cancellationToken));
        return new LedgerCopy(streams.Count, events, carried.Count, differences);
    }

    /// <summary>Every stream of the target as in the source (events, versions, hashes), no other stream, and every device's seq bindings.</summary>
    private static async Task<List<string>> CompareAsync(IEventStore source, IEventStore target, IReadOnlyList<string> streams, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        var targetStreams = await ListAsync(target, cancellationToken);
        differences.AddRange(targetStreams.Except(streams).Select(streamId => $"{streamId}: in the target only"));
        foreach (var streamId in streams)
        {
            var expected = await source.ReadAsync(streamId, 0, cancellationToken);
            var copied = await target.ReadAsync(streamId, 0, cancellationToken);
            if (!expected.SequenceEqual(copied))
            {
                differences.Add($"{streamId}: {copied.Count} events in the target, {expected.Count} in the source, or not the same");
            }
        }

        foreach (var key in DeviceIndexKeys(streams))
        {
            var expected = await source.ReadIndexAsync(key, 0, cancellationToken);
            var copied = await target.ReadIndexAsync(key, 0, cancellationToken);
            if (!expected.SequenceEqual(copied))
            {
                differences.Add($"{key}: {copied.Count} index entries in the target, {expected.Count} in the source, or not the same");
            }
        }

        return differences;
    }

    private static IEnumerable<string> DeviceIndexKeys(IEnumerable<string> streams) => streams
        .Where(streamId => streamId.StartsWith(SeqBindings.DeviceStreamPrefix, StringComparison.Ordinal))
        .Select(streamId => SeqBindings.Key(streamId[SeqBindings.DeviceStreamPrefix.Length..]));

    private static async Task<List<string>> ListAsync(IEventStore store, CancellationToken cancellationToken)
    {
        var streams = new List<string>();
        await foreach (var streamId in store.ListStreamsAsync("", cancellationToken))
        {
            streams.Add(streamId);
        }

        return streams;
    }
}
