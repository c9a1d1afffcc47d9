namespace FestivalPos.Grains.Wallets;

/// <summary>
/// The reads of SUN wristbands that paid for a charge, per uid. A read pays once. Online, a tap happens now, so its
/// counter must exceed every counter that paid before: a skimmed message is worthless once its owner has paid with
/// a later tap. Offline sales arrive late and out of order, so there a read only must not have paid before.
/// </summary>
public sealed class UsedSunReads
{
    private readonly Dictionary<string, HashSet<int>> _counters = new(StringComparer.Ordinal);

    public bool Contains(SunRead read) => _counters.TryGetValue(read.Uid, out var counters) && counters.Contains(read.Counter);

    public bool IsNewest(SunRead read) => !_counters.TryGetValue(read.Uid, out var counters) || read.Counter > counters.Max();

    public void Add(SunRead read)
    {
        if (!_counters.TryGetValue(read.Uid, out var counters))
        {
            _counters[read.Uid] = counters = [];
        }

        counters.Add(read.Counter);
    }
}
