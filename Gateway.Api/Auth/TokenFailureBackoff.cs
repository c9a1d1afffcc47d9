using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// Wrong secrets per client id, counted by this gateway whatever the address they come from. An id may be
/// tried <see cref="RateLimitOptions.TokenFailuresPerClient"/> times; from then on every attempt, right or
/// wrong, waits out a backoff that starts at <see cref="RateLimitOptions.TokenBackoffSeconds"/> and doubles with
/// each further wrong secret, up to <see cref="RateLimitOptions.TokenBackoffMaxSeconds"/>. An attempt counts as
/// wrong from the moment it starts until it succeeds, so attempts sent at once cannot overrun the budget. The
/// count is forgotten after a success, or after <see cref="ForgetAfterQuiet"/> without an attempt: a client that
/// mistyped signs in and starts afresh, while someone guessing cannot wait for a fresh budget every hour.
/// </summary>
public sealed class TokenFailureBackoff(IOptions<RateLimitOptions> options, TimeProvider time)
{
    /// <summary>Client ids tracked at once; beyond it, ids not backing off are dropped first.</summary>
    public const int MaxTrackedClients = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long the id must still wait, or null when it may be tried now.</summary>
    public TimeSpan? RetryAfter(string clientId)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return Current(clientId, now) is { } entry && entry.BackoffUntil > now ? entry.BackoffUntil - now : null;
        }
    }

    /// <summary>Starts an attempt: null when it may go ahead (it counts as a wrong secret until <see cref="Succeeded"/>), else how long to wait.</summary>
    public TimeSpan? TryBegin(string clientId)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var entry = Current(clientId, now) ?? Add(clientId, now);
            if (entry.BackoffUntil > now)
            {
                return entry.BackoffUntil - now;
            }

            entry.Failures++;
            entry.LastAttempt = now;
            var beyondBudget = entry.Failures - options.Value.TokenFailuresPerClient;
            if (beyondBudget >= 0)
            {
                entry.BackoffUntil = now + Backoff(beyondBudget);
            }

            return null;
        }
    }

    public void Succeeded(string clientId)
    {
        lock (_gate)
        {
            _entries.Remove(clientId);
        }
    }

    /// <summary>The backoff after <paramref name="beyondBudget"/> wrong secrets past the budget: doubling from the first, capped.</summary>
    public TimeSpan Backoff(int beyondBudget)
    {
        var seconds = options.Value.TokenBackoffSeconds * Math.Pow(2, Math.Min(beyondBudget, 30));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.Value.TokenBackoffMaxSeconds));
    }

    /// <summary>A day, or four longest backoffs if that is longer.</summary>
    public TimeSpan ForgetAfterQuiet => TimeSpan.FromSeconds(Math.Max(TimeSpan.FromDays(1).TotalSeconds, 4.0 * options.Value.TokenBackoffMaxSeconds));

    private Entry? Current(string clientId, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(clientId, out var entry))
        {
            return null;
        }

        if (now - entry.LastAttempt > ForgetAfterQuiet && entry.BackoffUntil <= now)
        {
            _entries.Remove(clientId);
            return null;
        }

        return entry;
    }

    private Entry Add(string clientId, DateTimeOffset now)
    {
        if (_entries.Count >= MaxTrackedClients)
        {
            foreach (var (id, tracked) in _entries)
            {
                if (tracked.BackoffUntil <= now)
                {
                    _entries.Remove(id);
                }
            }

            if (_entries.Count >= MaxTrackedClients)
            {
                _entries.Clear();
            }
        }

        var entry = new Entry();
        _entries[clientId] = entry;
        return entry;
    }

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastAttempt { get; set; }

        public DateTimeOffset BackoffUntil { get; set; }
    }
}
