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
        private static (GrainType Grain, GrainInterfaceType Interface)? types;

        public static T Reference(IGrainFactory grains, string key)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key);
            var (grain, @interface) = types ??= Resolve(grains, key);
            return (T)grains.GetGrain(GrainId.Create(grain, key), @interface);
        }

        private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains, string key)
        {
            var reference = (GrainReference)(object)grains.GetGrain<T>(key);
            return (reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
