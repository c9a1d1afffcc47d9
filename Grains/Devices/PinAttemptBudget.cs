namespace FestivalPos.Grains.Devices;

/// <summary>A sliding one-minute window of a device's PIN payment attempts, kept by its grain.</summary>
public sealed class PinAttemptBudget(int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _attempts = new();

    /// <summary>Takes one attempt if the window has room; otherwise answers how long until it has.</summary>
    public TimeSpan? TryTake(DateTimeOffset now)
    {
        while (_attempts.Count > 0 && _attempts.Peek() <= now - Window)
        {
            _attempts.Dequeue();
        }

        if (_attempts.Count >= perMinute)
        {
            return _attempts.Peek() + Window - now;
        }

        _attempts.Enqueue(now);
        return null;
    }
}
