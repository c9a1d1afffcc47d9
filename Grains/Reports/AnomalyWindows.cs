using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Grains.Reports;

/// <summary>The anomalies kept, newest raised first, at most <paramref name="maxKept"/>: the oldest fall off.</summary>
internal sealed class KeptAnomalies(int maxKept)
{
    private readonly LinkedList<Anomaly> _newestFirst = new();

    /// <summary>Anomalies ever raised, kept or not.</summary>
    public long Raised { get; private set; }

    public IEnumerable<Anomaly> Newest(AnomalyKind? kind, int limit) => _newestFirst.Where(anomaly => kind is null || anomaly.Kind == kind).Take(limit);

    public LinkedListNode<Anomaly> Raise(Anomaly anomaly)
    {
        Raised++;
        var node = _newestFirst.AddFirst(anomaly);
        if (_newestFirst.Count > maxKept)
        {
            _newestFirst.RemoveLast();
        }

        return node;
    }

    /// <summary>Raises a new anomaly, or, while the one still <paramref name="open"/> goes on, updates its figure and last time in place.</summary>
    public LinkedListNode<Anomaly> RaiseOrUpdate(LinkedListNode<Anomaly>? open, long observed, DateTimeOffset at, Func<Anomaly> raise)
    {
        if (open is null)
        {
            return Raise(raise());
        }

        open.Value = open.Value with { Observed = Math.Max(open.Value.Observed, observed), LastAt = at > open.Value.LastAt ? at : open.Value.LastAt };
        return open;
    }
}

/// <summary>A terminal's wrong PINs within the window before its latest one.</summary>
internal sealed class RecentWrongPins
{
    private readonly Queue<DateTimeOffset> _times = new();

    public DateTimeOffset Newest { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The anomaly of the run of wrong PINs going on, if one is.</summary>
    public LinkedListNode<Anomaly>? Open { get; set; }

    /// <summary>Adds one; answers how many lie within <paramref name="window"/> of the latest (less than a window before it).</summary>
    public int Add(DateTimeOffset at, TimeSpan window)
    {
        Newest = at > Newest ? at : Newest;
        if (at > Newest - window)
        {
            _times.Enqueue(at);
        }

        while (_times.Count > 0 && _times.Peek() <= Newest - window)
        {
            _times.Dequeue();
        }

        return _times.Count;
    }
}

/// <summary>A wallet's sales within a window of its latest sale, by sale time, and the stands they were at.</summary>
internal sealed class RecentStands
{
    /// <summary>Sales kept per wallet at most: a group wallet sold to many times a minute must not grow without bound.</summary>
    private const int MaxSales = 256;

    private readonly List<(DateTimeOffset SoldAt, string StandId)> _sales = [];
    private readonly Dictionary<string, int> _salesByStand = new(StringComparer.Ordinal);

    public DateTimeOffset LastRecordedAt { get; set; }

    public LinkedListNode<Anomaly>? Open { get; set; }

    /// <summary>
    /// Adds a sale; answers the most distinct stands among sales less than <paramref name="window"/> apart, in a window
    /// holding this one; null for a sale a window or more before the wallet's latest, which is too late to count.
    /// </summary>
    public int? Add(DateTimeOffset soldAt, string standId, TimeSpan window)
    {
        if (_sales.Count > 0 && soldAt <= _sales[^1].SoldAt - window)
        {
            return null;
        }

        // A second sale at the same stand and time adds no stand: keeping one keeps a busy wallet's list short.
        var index = _sales.FindLastIndex(sale => sale.SoldAt <= soldAt) + 1;
        var seen = false;
        for (var i = index - 1; i >= 0 && _sales[i].SoldAt == soldAt && !seen; i--)
        {
            seen = string.Equals(_sales[i].StandId, standId, StringComparison.Ordinal);
        }

        if (!seen)
        {
            _sales.Insert(index, (soldAt, standId));
        }

        var newest = _sales[^1].SoldAt;
        var expired = _sales.FindIndex(sale => sale.SoldAt > newest - window);
        _sales.RemoveRange(0, Math.Max(expired, _sales.Count - MaxSales));
        return MostStandsAround(soldAt, window);
    }

    /// <summary>Slides a window [start, start + window) over the sales whose start lies in (soldAt - window, soldAt], counting stands as it goes.</summary>
    private int MostStandsAround(DateTimeOffset soldAt, TimeSpan window)
    {
        _salesByStand.Clear();
        int most = 0, end = 0;
        for (var start = 0; start < _sales.Count && _sales[start].SoldAt <= soldAt; start++)
        {
            for (; end < _sales.Count && _sales[end].SoldAt < _sales[start].SoldAt + window; end++)
            {
                _salesByStand[_sales[end].StandId] = _salesByStand.GetValueOrDefault(_sales[end].StandId) + 1;
            }

            if (_sales[start].SoldAt > soldAt - window)
            {
                most = Math.Max(most, _salesByStand.Count);
            }

            if (--_salesByStand[_sales[start].StandId] == 0)
            {
                _salesByStand.Remove(_sales[start].StandId);
            }
        }

        return most;
    }
}

/// <summary>A stand's usual charge: the median of its latest charges, kept sorted beside them in arrival order.</summary>
internal sealed class UsualCharge(int sampleSize)
{
    private readonly Queue<long> _latest = new(sampleSize);
    private readonly List<long> _sorted = new(sampleSize);

    public int Count => _sorted.Count;

    /// <summary>The median; of an even count, the lower of the middle two (a charge that happened).</summary>
    public long Median => _sorted[(_sorted.Count - 1) / 2];

    public void Add(long amount)
    {
        if (_latest.Count == sampleSize)
        {
            _sorted.RemoveAt(_sorted.BinarySearch(_latest.Dequeue()));
        }

        _latest.Enqueue(amount);
        var at = _sorted.BinarySearch(amount);
        _sorted.Insert(at < 0 ? ~at : at, amount);
    }
}
