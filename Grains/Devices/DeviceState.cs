using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// A terminal folded from its events and from the seq bindings its wallets wrote for it
/// (<see cref="SeqBindings"/>). AckedThrough is the highest seq through which every seq is decided;
/// decided seqs above it are kept sorted, and the holes between them are the gaps.
/// </summary>
public sealed class DeviceState : IStreamState<DeviceEvent>
{
    private readonly SortedSet<long> _decidedAboveCursor = [];
    private readonly Dictionary<long, long> _appliedByHour = [];

    public bool Exists { get; private set; }

    public string StandId { get; private set; } = "";

    /// <summary>What the device's signing key is derived from, with the master key.</summary>
    public byte[] KeyNonce { get; private set; } = [];

    public bool Revoked { get; private set; }

    public DateTimeOffset EnrolledAt { get; private set; }

    public long OfflineMaxPerWallet { get; private set; }

    public Dictionary<long, DecidedSeq> Decided { get; } = [];

    public long AckedThrough { get; private set; }

    public void Apply(DeviceEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case DeviceEnrolled enrolled:
                Exists = true;
                StandId = enrolled.StandId;
                KeyNonce = Convert.FromBase64String(enrolled.KeyNonce);
                EnrolledAt = enrolled.RecordedAt;
                OfflineMaxPerWallet = enrolled.OfflineMaxPerWallet;
                break;
            case DeviceRevoked:
                Revoked = true;
                break;
            case SeqsDecided decided:
                foreach (var seq in decided.Seqs)
                {
                    Decide(seq);
                }

                break;
            case SeqApproved approved:
                Decided[approved.Seq] = Decided[approved.Seq] with { Outcome = SeqOutcome.Applied, Reason = null };
                CountApplied(Decided[approved.Seq]);
                break;
            default:
                throw new InvalidOperationException($"Unknown device event {@event.GetType().Name}.");
        }
    }

    /// <summary>A seq bound at its wallet (decided online, or read back from storage).</summary>
    public void BoundAtWallet(DecidedSeq seq) => Decide(seq);

    /// <summary>What this device applied offline with a createdAt in the given UTC hour.</summary>
    public long AppliedInHour(long hour) => _appliedByHour.GetValueOrDefault(hour);

    public static long HourOf(DateTimeOffset instant) => instant.ToUnixTimeSeconds() / 3600;

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

    /// <summary>
    /// The first decision of a seq stands, except that a seq decided online (declined, with the wallet holding
    /// the answer) may be settled once more offline: its offline answer is then the one a later copy gets.
    /// </summary>
    private void Decide(DecidedSeq seq)
    {
        if (Decided.TryGetValue(seq.Seq, out var earlier) && !(earlier.Outcome == SeqOutcome.Online && seq.Outcome is SeqOutcome.Applied or SeqOutcome.Rejected))
        {
            return;
        }

        Decided[seq.Seq] = seq;
        CountApplied(seq);
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

    private void CountApplied(DecidedSeq seq)
    {
        if (seq.Outcome == SeqOutcome.Applied && Wire.WireTime.TryParse(seq.CreatedAt, out var createdAt))
        {
            _appliedByHour[HourOf(createdAt)] = AppliedInHour(HourOf(createdAt)) + seq.Amount;
        }
    }
}
