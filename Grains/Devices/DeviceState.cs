using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// A terminal folded from its events and from the online charges its wallets recorded for it
/// (<see cref="OnlineSeqIndex"/>). AckedThrough is the highest seq through which every seq is
/// decided; decided seqs above it are kept sorted, and the holes between them are the gaps.
/// </summary>
public sealed class DeviceState : IStreamState<DeviceEvent>
{
    private readonly SortedSet<long> _decidedAboveCursor = [];
    private readonly List<RejectedTransaction> _rejected = [];

    public bool Exists { get; private set; }

    public string StandId { get; private set; } = "";

    public byte[] SigningKey { get; private set; } = [];

    public bool Revoked { get; private set; }

    public Dictionary<long, DecidedSeq> Decided { get; } = [];

    public long AckedThrough { get; private set; }

    public IReadOnlyList<RejectedTransaction> Rejected => _rejected;

    public void Apply(DeviceEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case DeviceEnrolled enrolled:
                Exists = true;
                StandId = enrolled.StandId;
                SigningKey = Convert.FromBase64String(enrolled.SigningKey);
                break;
            case DeviceRevoked:
                Revoked = true;
                break;
            case SeqsDecided decided:
                foreach (var seq in decided.Seqs)
                {
                    Decide(seq, decided.RecordedAt);
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown device event {@event.GetType().Name}.");
        }
    }

    /// <summary>An online charge a wallet decided, and made durable with its own append.</summary>
    public void DecidedOnline(DecidedSeq seq) => Decide(seq, default);

    /// <summary>The undecided seqs below the highest decided one, at most <see cref="LedgerLimits.MaxGapsReported"/>.</summary>
    public long[] Gaps()
    {
        var gaps = new List<long>();
        var previous = AckedThrough;
        foreach (var seq in _decidedAboveCursor)
        {
            for (var missing = previous + 1; missing < seq && gaps.Count < LedgerLimits.MaxGapsReported; missing++)
            {
                gaps.Add(missing);
            }

            previous = seq;
        }

        return [.. gaps];
    }

    private void Decide(DecidedSeq seq, DateTimeOffset recordedAt)
    {
        if (!Decided.TryAdd(seq.Seq, seq))
        {
            return;
        }

        if (seq.Outcome == SeqOutcome.Rejected)
        {
            _rejected.Add(new RejectedTransaction(seq.Seq, seq.WalletId, seq.Amount, seq.CreatedAt, seq.Reason!.Value, recordedAt));
        }

        if (seq.Seq > AckedThrough)
        {
            _decidedAboveCursor.Add(seq.Seq);
        }

        while (_decidedAboveCursor.Count > 0 && _decidedAboveCursor.Min == AckedThrough + 1)
        {
            _decidedAboveCursor.Remove(AckedThrough + 1);
            AckedThrough++;
        }
    }
}
