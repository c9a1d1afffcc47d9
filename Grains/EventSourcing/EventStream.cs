using System.Text.Json;
using FestivalPos.Storage;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>
/// A grain's view of its event stream: the folded state, the version it is at and the hash of its
/// last event. Commands decide on the current state and append with the expected version; a
/// conflict or a write whose outcome is unknown makes the view stale, so it is reloaded from
/// storage and the command decides again. The state only ever changes by events read back or
/// durably appended, so a repeated command finds its earlier outcome.
/// </summary>
public sealed class EventStream<TState, TEvent>(IEventStore store, HashChain chain, string streamId, TState initialState)
    where TState : IStreamState<TEvent>
    where TEvent : class
{
    /// <summary>Attempts per command before its failure goes back to the caller, who may retry it safely.</summary>
    public const int MaxAppendAttempts = 3;

    private string _lastHash = chain.Genesis(streamId);
    private bool _stale = true;
    private (long Version, string Hash)? _unconfirmedAppend;
    private bool _unconfirmedAppendFound;

    public string StreamId => streamId;

    public TState State { get; } = initialState;

    public long Version { get; private set; }

    public async Task RefreshAsync()
    {
        if (!_stale)
        {
            return;
        }

        foreach (var recorded in await store.ReadAsync(streamId, Version))
        {
            ApplyRecorded(recorded);
        }

        _stale = false;
    }

    public async Task<TResult> DecideAsync<TResult>(Func<TState, Task<Decision<TEvent, TResult>>> decide)
    {
        for (var attempt = 1; ; attempt++)
        {
            await RefreshAsync();
            var decision = await decide(State);
            if (decision.Events.Count == 0)
            {
                return decision.Result;
            }

            try
            {
                await AppendAsync(decision.Events, decision.Index);
                return decision.Result;
            }
            catch (Exception exception) when (exception is not (StreamVersionConflictException or IndexConflictException) && attempt < MaxAppendAttempts)
            {
                // Unknown outcome: if the reload finds these very events, the write did happen and this is its answer.
                if (await WasWrittenAsync())
                {
                    return decision.Result;
                }
            }
            catch (StreamVersionConflictException) when (attempt < MaxAppendAttempts)
            {
                // Another writer moved the stream on: reload it and decide again.
            }
        }
    }

    public Task<TResult> DecideAsync<TResult>(Func<TState, Decision<TEvent, TResult>> decide) =>
        DecideAsync(state => Task.FromResult(decide(state)));

    /// <summary>
    /// Reads what other writers appended since this view was loaded. A final answer that writes nothing
    /// (an unknown wallet, a revoked device) is confirmed against storage first: a stale duplicate
    /// activation must not give it from a state that storage has moved past.
    /// </summary>
    public async Task<bool> CatchUpAsync()
    {
        var before = Version;
        _stale = true;
        await RefreshAsync();
        return Version != before;
    }

    private async Task AppendAsync(IReadOnlyList<TEvent> events, IReadOnlyList<IndexEntry> index)
    {
        var toAppend = new List<EventToAppend>(events.Count);
        var hash = _lastHash;
        for (var i = 0; i < events.Count; i++)
        {
            var payload = JsonSerializer.Serialize(events[i], LedgerJson.Options);
            hash = chain.Next(hash, Version + i + 1, payload);
            toAppend.Add(new EventToAppend(payload, hash));
        }

        try
        {
            await store.AppendAsync(streamId, Version, toAppend, index);
        }
        catch (IndexConflictException)
        {
            // Definitely not written: the stream is as it was, and the caller answers from the binding that stands.
            throw;
        }
        catch
        {
            _stale = true;
            _unconfirmedAppend = (Version + events.Count, hash);
            throw;
        }

        for (var i = 0; i < events.Count; i++)
        {
            Apply(events[i], Version + 1, toAppend[i].Hash);
        }
    }

    /// <summary>Reloads after a failed append and answers whether that append reached storage after all.</summary>
    private async Task<bool> WasWrittenAsync()
    {
        _unconfirmedAppendFound = false;
        try
        {
            await RefreshAsync();
            return _unconfirmedAppendFound;
        }
        finally
        {
            _unconfirmedAppend = null;
        }
    }

    private void ApplyRecorded(RecordedEvent recorded)
    {
        if (recorded.Version != Version + 1)
        {
            throw new LedgerCorruptionException(streamId, recorded.Version, $"expected version {Version + 1}");
        }

        if (chain.Next(_lastHash, recorded.Version, recorded.Payload) != recorded.Hash)
        {
            throw new LedgerCorruptionException(streamId, recorded.Version, "hash chain broken");
        }

        // The chain hashes every event before it, so matching the last hash means all the events were written.
        _unconfirmedAppendFound |= _unconfirmedAppend == (recorded.Version, recorded.Hash);
        var @event = JsonSerializer.Deserialize<TEvent>(recorded.Payload, LedgerJson.Options)
            ?? throw new LedgerCorruptionException(streamId, recorded.Version, "empty event");
        Apply(@event, recorded.Version, recorded.Hash);
    }

    private void Apply(TEvent @event, long version, string hash)
    {
        State.Apply(@event, version, hash);
        Version = version;
        _lastHash = hash;
    }
}
