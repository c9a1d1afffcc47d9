using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Devices;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(DeviceEnrolled), "deviceEnrolled")]
[JsonDerivedType(typeof(DeviceRevoked), "deviceRevoked")]
[JsonDerivedType(typeof(SeqsDecided), "seqsDecided")]
[JsonDerivedType(typeof(SeqApproved), "seqApproved")]
public abstract record DeviceEvent(DateTimeOffset RecordedAt);

/// <summary>
/// The device joined; <see cref="OfflineMaxPerWallet"/> is the most it may sell offline to one wallet. Its signing
/// key is derived from the master key and <see cref="KeyNonce"/> (<see cref="Keys.KeyRing.DeviceSigningKey"/>): the ledger never holds it.
/// </summary>
public sealed record DeviceEnrolled(string StandId, string KeyNonce, DateTimeOffset RecordedAt, long OfflineMaxPerWallet = Interfaces.LedgerLimits.DefaultOfflineMaxPerWallet)
    : DeviceEvent(RecordedAt);

public sealed record DeviceRevoked(DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

/// <summary>Seqs whose fate is settled, with what is needed to answer a repeat or an organizer's review.</summary>
public sealed record SeqsDecided(DecidedSeq[] Seqs, DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

/// <summary>An organizer approved a held seq, and its wallet applied it.</summary>
public sealed record SeqApproved(long Seq, DateTimeOffset RecordedAt) : DeviceEvent(RecordedAt);

public enum SeqOutcome
{
    /// <summary>Bound at its wallet, which holds the answer: decided online, or a binding read back from storage.</summary>
    Online = 0,

    /// <summary>An online charge for a wallet that does not exist.</summary>
    WalletNotFound = 1,

    /// <summary>An offline charge applied to its wallet.</summary>
    Applied = 2,

    /// <summary>An offline charge not applied, held for review.</summary>
    Rejected = 3,
}

/// <summary>A decided seq. <see cref="Fingerprint"/> holds its <see cref="ChargeTerms"/>; a QR charge keeps its token's id for review approval.</summary>
public sealed record DecidedSeq(
    long Seq,
    string WalletId,
    string Fingerprint,
    SeqOutcome Outcome,
    OfflineRejectReason? Reason,
    long Amount,
    string CreatedAt,
    string? QrTokenId = null)
{
    public ChargeTerms Terms => ChargeTerms.Parse(Fingerprint);
}
