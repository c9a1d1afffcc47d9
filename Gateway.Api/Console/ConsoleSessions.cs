using System.Collections.Concurrent;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>
/// The console sessions signed out on this gateway: a copy of a signed-out cookie is refused here until it would
/// have expired, and the session's live streams end at their next tick.
/// </summary>
public sealed class ConsoleSessions(TimeProvider time)
{
    /// <summary>Signed-out sessions remembered at once; beyond it, those closest to expiring are forgotten first.</summary>
    public const int MaxEndedSessions = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _ended = new(StringComparer.Ordinal);

    public bool HasEnded(string? session) => session is null || _ended.ContainsKey(session);

    public void End(string? session, DateTimeOffset cookieExpires)
    {
        if (session is null)
        {
            return;
        }

        Forget(time.GetUtcNow());
        _ended[session] = cookieExpires;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (session, expires) in _ended)
        {
            if (expires <= now)
            {
                _ended.TryRemove(session, out _);
            }
        }

        var excess = _ended.Count - MaxEndedSessions + 1;
        if (excess > 0)
        {
            foreach (var session in _ended.OrderBy(entry => entry.Value).Take(excess).Select(entry => entry.Key).ToList())
            {
                _ended.TryRemove(session, out _);
            }
        }
    }
}
