using FestivalPos.Storage;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>State folded from a stream's events, one at a time, in version order.</summary>
public interface IStreamState<in TEvent>
{
    /// <exception cref="InvalidOperationException">The event contradicts the state (corrupt history).</exception>
    void Apply(TEvent @event, long version, string hash);
}

/// <summary>
/// What a command decided: the events to append (none for a pure answer), the answer to give once they
/// are durable, and index entries to commit with the events.
/// </summary>
public sealed record Decision<TEvent, TResult>(IReadOnlyList<TEvent> Events, TResult Result)
{
    public IReadOnlyList<IndexEntry> Index { get; init; } = [];

    public static Decision<TEvent, TResult> Answer(TResult result) => new([], result);
}
