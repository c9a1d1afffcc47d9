namespace FestivalPos.Grains.Interfaces;

/// <summary>
/// Grain references by string key for the hot paths. Orleans' <c>GetGrain&lt;T&gt;(string)</c> looks the
/// interface's type up through its attributes on every call; here the grain type and interface type of
/// <typeparamref name="T"/> are resolved once and each reference is only a <see cref="GrainId"/>.
/// </summary>
public static class GrainReferences
{
    public static T Reference<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey =>
        TypesOf<T>.Reference(grains, key);

    private static class TypesOf<T> where T : IGrainWithStringKey
    {
        // Resolved from the first reference made; every cluster of this build maps T the same way.
        // A reference, so a thread never sees half of it written.
        private static Types? types;

        public static T Reference(IGrainFactory grains, string key)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key);
            var resolved = types ??= Resolve(grains, key);
            return (T)grains.GetGrain(GrainId.Create(resolved.Grain, key), resolved.Interface);
        }

        private static Types Resolve(IGrainFactory grains, string key)
        {
            var reference = (GrainReference)(object)grains.GetGrain<T>(key);
            return new Types(reference.GrainId.Type, reference.InterfaceType);
        }
    }

    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);
}
