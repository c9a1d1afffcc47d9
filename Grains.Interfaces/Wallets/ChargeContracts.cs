namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>An online payment as the terminal sent it; identified by (DeviceId, Seq).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OnlineCharge")]
public sealed record OnlineCharge(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Seq,
    [property: Id(2)] string WalletId,
    [property: Id(3)] long Amount,
    [property: Id(4)] Credential Credential,
    [property: Id(5)] string CreatedAt,
    [property: Id(6)] ChargeLine[]? Lines = null);

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

    /// <summary>The device started more PIN payments this minute than it may; the seq stays undecided.</summary>
    PinAttemptsExceeded = 7,
}

[GenerateSerializer, Alias("FestivalPos.DeclineReason")]
public enum DeclineReason
{
    InsufficientFunds = 0,
    WalletBlocked = 1,
    BadCredential = 2,
    WalletFlagged = 3,
}

/// <summary>
/// The decision on a charge. <see cref="Duplicate"/> is true when it was decided earlier and only repeated now;
/// <see cref="ConflictField"/> names the first field in which a <see cref="ChargeOutcome.Conflict"/> differs;
/// <see cref="RetryAfterSeconds"/> says when a <see cref="ChargeOutcome.PinAttemptsExceeded"/> charge may be tried again.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeResult")]
public sealed record ChargeResult(
    [property: Id(0)] string TxId,
    [property: Id(1)] ChargeOutcome Outcome,
    [property: Id(2)] DeclineReason? Reason,
    [property: Id(3)] long Balance,
    [property: Id(4)] bool Duplicate,
    [property: Id(5)] string? ConflictField = null,
    [property: Id(6)] int RetryAfterSeconds = 0);

/// <summary>What the device grain already found about an offline charge before its wallet settles it.</summary>
[GenerateSerializer, Alias("FestivalPos.OfflineSettlement")]
public enum OfflineSettlement
{
    /// <summary>Signed, from an active device, within the device's own limits: the wallet runs its checks.</summary>
    Check = 0,

    /// <summary>As <see cref="Check"/>, but over a limit of the device (per charge, per hour, or its time window).</summary>
    OverDeviceLimit = 1,

    /// <summary>Held for review and approved by an organizer: applied whatever credential check or limit refused it.</summary>
    ApprovedInReview = 2,

    /// <summary>The seq is bound to another wallet: the wallet answers unknownWallet if it does not exist, conflict otherwise.</summary>
    BoundElsewhere = 3,
}

/// <summary>
/// An offline charge whose signature the device grain already verified. The credential travels as the
/// charge's <see cref="CredentialDigest"/> (what binds the seq) and, for the wallet's checks, its value
/// (null when an organizer approved the charge from the review queue).
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineCharge")]
public sealed record OfflineCharge(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long Amount,
    [property: Id(3)] string CreatedAt,
    [property: Id(4)] CredentialType CredentialType,
    [property: Id(5)] string CredentialDigest,
    [property: Id(6)] string? CredentialValue,
    [property: Id(7)] OfflineSettlement Settlement,
    [property: Id(8)] long MaxPerDeviceWallet,
    [property: Id(9)] string? QrTokenId,
    [property: Id(10)] ChargeLine[]? Lines = null)
{
    public ChargeTerms Terms(string walletId) => new(walletId, Amount, CreatedAt, CredentialType, CredentialDigest);
}

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
    BadCredential = 5,
    CredentialReused = 6,
    OverLimit = 7,
}

/// <summary>
/// A wallet's answer to one offline charge. <see cref="AppliedOffline"/> says the wallet holds the seq as an
/// applied offline charge (now or earlier), which counts toward the device's offline limits.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineChargeResult")]
public sealed record OfflineChargeResult(
    [property: Id(0)] long Seq,
    [property: Id(1)] OfflineStatus Status,
    [property: Id(2)] OfflineRejectReason? Reason,
    [property: Id(3)] long Balance,
    [property: Id(4)] bool AppliedOffline = false);

/// <summary>Gives back (part of) an approved charge; identified by RefundId.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.RefundRequest")]
public sealed record RefundRequest(
    [property: Id(0)] string RefundId,
    [property: Id(1)] string ChargeTxId,
    [property: Id(2)] long Amount,
    [property: Id(3)] string? DeviceId = null);

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

    /// <summary>A device asked to refund a charge another device sold.</summary>
    OtherDevice = 7,

    /// <summary>A device asked after <c>Refunds:DeviceWindowSeconds</c>: an organizer refunds it now.</summary>
    WindowClosed = 8,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.RefundResult")]
public sealed record RefundResult(
    [property: Id(0)] string RefundId,
    [property: Id(1)] RefundOutcome Outcome,
    [property: Id(2)] long Balance,
    [property: Id(3)] long RefundableLeft);
