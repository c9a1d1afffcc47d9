using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Devices;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DeviceEnrolled), "deviceEnrolled")]
[JsonDerivedType(typeof(DeviceRevoked), "deviceRevoked")]
[JsonDerivedType(typeof(SeqsDecided), "seqsDecided")]
public abstract record DeviceEvent(DateTimeOffset RecordedAt);

public sealed record DeviceEnrolled(string StandId, string SigningKey, DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

public sealed record DeviceRevoked(DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

/// <summary>Seqs whose fate is settled, with what is needed to answer a repeat or an organizer's review.</summary>
public sealed record SeqsDecided(DecidedSeq[] Seqs, DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

public enum SeqOutcome
{
    /// <summary>Approved or declined online; the wallet holds the answer.</summary>
    Online = 0,

    /// <summary>An online charge for a wallet that does not exist.</summary>
    WalletNotFound = 1,

    /// <summary>An offline charge applied to its wallet.</summary>
    Applied = 2,

    /// <summary>An offline charge not applied, kept for review.</summary>
    Rejected = 3,
}

public sealed record DecidedSeq(
    long Seq,
    string WalletId,
    string Fingerprint,
    SeqOutcome Outcome,
    OfflineRejectReason? Reason,
    long Amount,
    string CreatedAt);
