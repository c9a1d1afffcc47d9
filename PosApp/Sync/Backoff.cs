namespace FestivalPos.PosApp.Sync;

/// <summary>Exponential backoff with full jitter: a random delay up to base·2^failures, capped.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    public int Failures { get; private set; }

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(Failures, 30)));
        Failures++;
        return TimeSpan.FromMilliseconds(ceiling / 2 + (random.NextDouble() * ceiling / 2));
    }

    public void Reset() => Failures = 0;
}
