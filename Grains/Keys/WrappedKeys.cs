using FestivalPos.Grains.EventSourcing;

namespace FestivalPos.Grains.Keys;

public static class WrappedKeys
{
    /// <summary>
    /// A key kept in a first-value stream only wrapped under the master key: created at first use, the same for
    /// every caller, unwrapped on each read. A key an older version stored in clear is refused, not used.
    /// </summary>
    public static async Task<byte[]> GetOrCreateKeyAsync(
        this EventStream<FirstValueState<string>, ValueSet<string>> stream, KeyRing keys, string purpose, Func<byte[]> create, DateTimeOffset now)
    {
        var stored = await stream.GetOrSetAsync(keys.Wrap(create(), purpose), now);
        return keys.Unwrap(stored, purpose);
    }
}
