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
    private readonly SortedDictionary<string, Terminal> _terminals = new(StringComparer.Ordinal);

    public DeviceHealthReport Report() => new([.. _terminals.Select(terminal => terminal.Value.Health(terminal.Key))], Position);

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
                var terminal = TerminalOf(charge.DeviceId);
                terminal.Decided(charge.Seq, charge.RecordedAt);
                terminal.OfflineCharges += charge.Offline ? 1 : 0;
                break;
            case ChargeDeclinedFact declined:
                TerminalOf(declined.DeviceId).Decided(declined.Seq, declined.RecordedAt);
                break;
            case SeqsDecidedFact decided:
                foreach (var seq in decided.Seqs)
                {
                    TerminalOf(decided.DeviceId).Decided(seq, decided.RecordedAt);
                }

                break;
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
