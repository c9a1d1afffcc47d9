namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>An online payment as the terminal sent it; identified by (DeviceId, Seq).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OnlineCharge")]
public sealed record OnlineCharge(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string WalletId,
    [property: Id(3)] long Amount,
    [property: Id(4)] Credential Credential,
    [property: Id(5)] string CreatedAt);

[GenerateSerializer, Alias("FestivalPos.ChargeOutcome")]
public enum ChargeOutcome
{
    Approved = 0,
    Declined = 1,
    Conflict = 2,
    WalletNotFound = 3,
    DeviceNotFound = 4,
    DeviceRevoked = 5,
    InvalidInput = 6,
}

[GenerateSerializer, Alias("FestivalPos.DeclineReason")]
public enum DeclineReason
{
    InsufficientFunds = 0,
    WalletBlocked = 1,
    BadCredential = 2,
    WalletFlagged = 3,
}

/// <summary>The decision on a charge. <see cref="Duplicate"/> is true when it was decided earlier and only repeated now.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeResult")]
public sealed record ChargeResult(
    [property: Id(0)] string TxId,
    [property: Id(1)] ChargeOutcome Outcome,
    [property: Id(2)] DeclineReason? Reason,
    [property: Id(3)] long Balance,
    [property: Id(4)] bool Duplicate);

/// <summary>An offline charge whose signature the device grain already verified.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineCharge")]
public sealed record OfflineCharge(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long Amount,
    [property: Id(3)] string CreatedAt,
    [property: Id(4)] CredentialType CredentialType);

[GenerateSerializer, Alias("FestivalPos.OfflineStatus")]
public enum OfflineStatus
{
    Applied = 0,
    Duplicate = 1,
    Rejected = 2,
}

[GenerateSerializer, Alias("FestivalPos.OfflineRejectReason")]
public enum OfflineRejectReason
{
    BadSignature = 0,
    UnknownWallet = 1,
    Conflict = 2,
    DeviceRevoked = 3,
    InvalidInput = 4,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineChargeResult")]
public sealed record OfflineChargeResult(
    [property: Id(0)] long Seq,
    [property: Id(1)] OfflineStatus Status,
    [property: Id(2)] OfflineRejectReason? Reason,
    [property: Id(3)] long Balance);

/// <summary>Gives back (part of) an approved charge; identified by RefundId.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.RefundRequest")]
public sealed record RefundRequest(
    [property: Id(0)] string RefundId,
    [property: Id(1)] string ChargeTxId,
    [property: Id(2)] long Amount);

[GenerateSerializer, Alias("FestivalPos.RefundOutcome")]
public enum RefundOutcome
{
    Applied = 0,
    Duplicate = 1,
    Conflict = 2,
    WalletNotFound = 3,
    ChargeNotFound = 4,
    ExceedsCharge = 5,
    InvalidInput = 6,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.RefundResult")]
public sealed record RefundResult(
    [property: Id(0)] string RefundId,
    [property: Id(1)] RefundOutcome Outcome,
    [property: Id(2)] long Balance,
    [property: Id(3)] long RefundableLeft);
