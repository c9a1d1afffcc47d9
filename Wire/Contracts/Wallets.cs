namespace FestivalPos.Wire.Contracts;

public sealed record CreateWalletRequest(string WalletId);

public sealed record CreatedWallet(string WalletId, long Balance, string Status);

public sealed record LinkWristbandRequest(string Uid);

public sealed record SetPinRequest(string Pin);

public sealed record WalletResponse(string WalletId, long Balance, string Status, string[] Flags, long Version);

public sealed record TransactionEntry(
    long Position, string Kind, long Amount, long BalanceAfter, string TxId, string? DeviceId, long? Seq, string? CreatedAt, DateTimeOffset RecordedAt, string Hash);

public sealed record TransactionsPage(TransactionEntry[] Entries, long? Next);

public sealed record TopUpRequest(string TopupId, string WalletId, long Amount);

public sealed record TopUpResponse(string TopupId, string Status, long Balance);

/// <summary>Gives back (part of) the approved charge <c>txId</c> (<c>{deviceId}:{seq}</c>) of the wallet, once per refundId.</summary>
public sealed record RefundRequest(string RefundId, string WalletId, string TxId, long Amount);

/// <summary><c>refundable</c>: what is left of the charge to give back after this refund.</summary>
public sealed record RefundResponse(string RefundId, string Status, long Balance, long Refundable);

public sealed record QrTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>The attendee's sign-in code for their own page, in three groups of four (<see cref="AttendeeCodes"/>).</summary>
public sealed record AttendeeCodeResponse(string WalletId, string Code);
