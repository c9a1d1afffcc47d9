using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// Each terminal as the ledger saw it: its stand, when it last had a charge or a seq decided, how far every seq is
/// decided (<c>ackedThrough</c>, as the device grain computes it), the highest seq seen and the undecided seqs below
/// it (sales the server knows of but has not received: the part of the offline backlog the server can derive).
/// </summary>
public sealed class DeviceHealthProjection : FeedProjection
{
    /// <summary>A terminal whose highest seq is more than this above its ackedThrough counts as lagging (an alert's threshold).</summary>
    public const long LaggingSeqs = 50;

    private readonly SortedDictionary<string, Terminal> _terminals = new(StringComparer.Ordinal);

    /// <summary>How many terminals have each sync lag (highest seq seen − ackedThrough) above 0, kept as seqs are decided.</summary>
    private readonly SortedDictionary<long, int> _terminalsByLag = [];

    public DeviceHealthReport Report() => new([.. _terminals.Select(terminal => terminal.Value.Health(terminal.Key))], Position);

    /// <summary>The largest sync lag of any terminal, and how many terminals lag by more than <see cref="LaggingSeqs"/>.</summary>
    public SyncLag SyncLag() => new(
        _terminalsByLag.Count == 0 ? 0 : _terminalsByLag.Keys.Last(),
        _terminalsByLag.Where(lag => lag.Key > LaggingSeqs).Sum(lag => lag.Value));

    protected override void Apply(LedgerFact fact)
    {
        switch (fact)
        {
            case DeviceEnrolledFact enrolled:
                TerminalOf(enrolled.DeviceId).StandId = enrolled.StandId;
                break;
            case DeviceRevokedFact revoked:
                TerminalOf(revoked.DeviceId).Revoked = true;
                break;
            case ChargeFact charge:
                Decided(charge.DeviceId, charge.Seq, charge.RecordedAt);
                TerminalOf(charge.DeviceId).OfflineCharges += charge.Offline ? 1 : 0;
                break;
            case ChargeDeclinedFact declined:
                Decided(declined.DeviceId, declined.Seq, declined.RecordedAt);
                break;
            case SeqsDecidedFact decided:
                foreach (var seq in decided.Seqs)
                {
                    Decided(decided.DeviceId, seq, decided.RecordedAt);
                }

                break;
        }
    }

    private void Decided(string deviceId, long seq, DateTimeOffset recordedAt)
    {
        var terminal = TerminalOf(deviceId);
        var before = terminal.Lag;
        terminal.Decided(seq, recordedAt);
        Count(before, -1);
        Count(terminal.Lag, +1);
    }

    private void Count(long lag, int change)
    {
        if (lag > 0 && (_terminalsByLag[lag] = _terminalsByLag.GetValueOrDefault(lag) + change) == 0)
        {
            _terminalsByLag.Remove(lag);
        }
    }

    private Terminal TerminalOf(string deviceId)
    {
        if (!_terminals.TryGetValue(deviceId, out var terminal))
        {
            _terminals[deviceId] = terminal = new Terminal();
        }

        return terminal;
    }

    private sealed class Terminal
    {
        /// <summary>Decided seqs above <see cref="_ackedThrough"/>; those at or below it are all decided and forgotten.</summary>
        private readonly SortedSet<long> _decidedAbove = [];
        private long _ackedThrough;
        private long _highestSeq;
        private DateTimeOffset? _lastSeenAt;

        public string StandId { get; set; } = "";

        public bool Revoked { get; set; }

        public long OfflineCharges { get; set; }

        /// <summary>Seqs between ackedThrough and the highest seq seen: sales the terminal made that the server is missing or holds out of order.</summary>
        public long Lag => _highestSeq - _ackedThrough;

        public void Decided(long seq, DateTimeOffset recordedAt)
        {
            _lastSeenAt = _lastSeenAt is { } seen && seen > recordedAt ? seen : recordedAt;
            _highestSeq = Math.Max(_highestSeq, seq);
            if (seq <= _ackedThrough || !_decidedAbove.Add(seq))
            {
                return;
            }

            while (_decidedAbove.Remove(_ackedThrough + 1))
            {
                _ackedThrough++;
            }
        }

        public DeviceHealth Health(string deviceId) =>
            new(deviceId, StandId, Revoked, _lastSeenAt, _ackedThrough, _highestSeq, _highestSeq - _ackedThrough - _decidedAbove.Count, OfflineCharges);
    }
}

/// <summary>The terminals' sync cursors at a glance: the worst lag (seqs) and how many terminals lag beyond the threshold.</summary>
public sealed record SyncLag(long MaxSeqs, int LaggingTerminals);
