using FestivalPos.Storage;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>The one event of a stream that holds a single value.</summary>
public sealed record ValueSet<TValue>(TValue Value, DateTimeOffset RecordedAt);

/// <summary>A value stored once and never changed: the first writer wins, every later one reads it.</summary>
public sealed class FirstValueState<TValue> : IStreamState<ValueSet<TValue>>
    where TValue : class
{
    public TValue? Value { get; private set; }

    public void Apply(ValueSet<TValue> @event, long version, string hash) => Value ??= @event.Value;
}

/// <summary>Streams that own one value: a claimed id's owner, a key created at first use.</summary>
public static class FirstValueStream
{
    public static EventStream<FirstValueState<TValue>, ValueSet<TValue>> Open<TValue>(IEventStore store, HashChain chain, string streamId)
        where TValue : class =>
        new(store, chain, streamId, new FirstValueState<TValue>());

    /// <summary>Stores the candidate unless a value is already there; answers the stored value.</summary>
    public static Task<TValue> GetOrSetAsync<TValue>(this EventStream<FirstValueState<TValue>, ValueSet<TValue>> stream, TValue candidate, DateTimeOffset now)
        where TValue : class =>
        stream.DecideAsync(state => state.Value is { } stored
            ? Decision<ValueSet<TValue>, TValue>.Answer(stored)
            : new Decision<ValueSet<TValue>, TValue>([new ValueSet<TValue>(candidate, now)], candidate));
}
