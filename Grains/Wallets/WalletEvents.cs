using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Wallets;

/// <summary>The facts of a wallet's stream. Stored as JSON; never edited, only appended.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WalletCreated), "walletCreated")]
[JsonDerivedType(typeof(WristbandLinked), "wristbandLinked")]
[JsonDerivedType(typeof(PinSet), "pinSet")]
[JsonDerivedType(typeof(WalletBlocked), "walletBlocked")]
[JsonDerivedType(typeof(WalletUnblocked), "walletUnblocked")]
[JsonDerivedType(typeof(TopUpApplied), "topUpApplied")]
[JsonDerivedType(typeof(ChargeApproved), "chargeApproved")]
[JsonDerivedType(typeof(ChargeDeclined), "chargeDeclined")]
[JsonDerivedType(typeof(RefundApplied), "refundApplied")]
[JsonDerivedType(typeof(AttendeeCodeSet), "attendeeCodeSet")]
[JsonDerivedType(typeof(CashOutRequested), "cashOutRequested")]
[JsonDerivedType(typeof(CashedOut), "cashedOut")]
[JsonDerivedType(typeof(PayoutConfirmed), "payoutConfirmed")]
[JsonDerivedType(typeof(CashOutWithdrawn), "cashOutWithdrawn")]
public abstract record WalletEvent(DateTimeOffset RecordedAt);

public sealed record WalletCreated(DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

public sealed record WristbandLinked(string Uid, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

/// <summary>A new PIN verifier; it also lifts a PIN lockout.</summary>
public sealed record PinSet(PinVerifier Verifier, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

/// <summary>
/// A new code for the attendee's own page, kept only as a PBKDF2 hash; it replaces the one before. The code itself is
/// shown once, to print on the wristband card or send at registration.
/// </summary>
public sealed record AttendeeCodeSet(PinVerifier Verifier, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

public sealed record WalletBlocked(DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

public sealed record WalletUnblocked(DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

public sealed record TopUpApplied(string TopUpId, long Amount, long BalanceAfter, DateTimeOffset RecordedAt)
    : WalletEvent(RecordedAt);

/// <summary>
/// A charge that moved money: approved online, or applied from a signed offline batch. A charge paid with a
/// QR token names the token's id, which it used up; one paid with a SUN wristband names the read it used up.
/// </summary>
public sealed record ChargeApproved(
    string TxId,
    string DeviceId,
    long Seq,
    long Amount,
    string Fingerprint,
    string CreatedAt,
    bool Offline,
    long BalanceAfter,
    DateTimeOffset RecordedAt,
    string? QrTokenId = null,
    SunRead? SunRead = null,
    ChargeLine[]? Lines = null) : WalletEvent(RecordedAt);

/// <summary>One read of a SUN wristband: its uid and the read counter its message was computed at.</summary>
public sealed record SunRead(
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("counter")] int Counter);

/// <summary>An online charge declined; recorded so that a repeat gets the same answer.</summary>
public sealed record ChargeDeclined(
    string TxId,
    string DeviceId,
    long Seq,
    long Amount,
    string Fingerprint,
    string CreatedAt,
    DeclineReason Reason,
    bool WrongPin,
    long Balance,
    DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

public sealed record RefundApplied(string RefundId, string ChargeTxId, long Amount, long BalanceAfter, DateTimeOffset RecordedAt)
    : WalletEvent(RecordedAt);

/// <summary>The holder asked for the leftover balance; <see cref="Fee"/> is the organizer's fee at that time, which the payout keeps to.</summary>
public sealed record CashOutRequested(long Fee, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

/// <summary>
/// The payout's own debit of the whole balance: <see cref="Amount"/> = what the holder is paid + <see cref="Fee"/>.
/// Shown in the history as an <c>adjustment</c> with the payout id as txId.
/// </summary>
public sealed record CashedOut(string PayoutId, long Amount, long Fee, long BalanceAfter, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

/// <summary>The top-up provider confirmed it made the payout's transfer.</summary>
public sealed record PayoutConfirmed(string PayoutId, DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);

/// <summary>The holder withdrew the cash-out request before any payout debited the wallet; a new request may follow.</summary>
public sealed record CashOutWithdrawn(DateTimeOffset RecordedAt) : WalletEvent(RecordedAt);
