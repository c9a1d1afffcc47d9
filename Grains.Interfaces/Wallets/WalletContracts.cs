namespace FestivalPos.Grains.Interfaces.Wallets;

[GenerateSerializer, Alias("FestivalPos.WalletStatus")]
public enum WalletStatus
{
    Active = 0,
    Blocked = 1,
}

[GenerateSerializer, Alias("FestivalPos.WalletFlag")]
public enum WalletFlag
{
    /// <summary>An offline charge took the balance below zero; online charges decline until top-ups cover it.</summary>
    Overdrawn = 0,

    /// <summary>An offline charge was applied while the wallet was blocked; cleared when an organizer unblocks it.</summary>
    SpentWhileBlocked = 1,
}

[GenerateSerializer, Alias("FestivalPos.WalletCommandOutcome")]
public enum WalletCommandOutcome
{
    Done = 0,
    WalletNotFound = 1,
    AlreadyExists = 2,
    WristbandTaken = 3,
    InvalidInput = 4,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.WalletView")]
public sealed record WalletView(
    [property: Id(0)] string WalletId,
    [property: Id(1)] long Balance,
    [property: Id(2)] WalletStatus Status,
    [property: Id(3)] WalletFlag[] Flags,
    [property: Id(4)] long Version);

[GenerateSerializer, Alias("FestivalPos.EntryKind")]
public enum EntryKind
{
    TopUp = 0,
    Charge = 1,
    Refund = 2,
    Adjustment = 3,
}

/// <summary>One money movement of a wallet, as the history shows it. Charges carry a negative amount.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.WalletEntry")]
public sealed record WalletEntry(
    [property: Id(0)] long Position,
    [property: Id(1)] EntryKind Kind,
    [property: Id(2)] long Amount,
    [property: Id(3)] long BalanceAfter,
    [property: Id(4)] string TxId,
    [property: Id(5)] string? DeviceId,
    [property: Id(6)] long? Seq,
    [property: Id(7)] string? CreatedAt,
    [property: Id(8)] DateTimeOffset RecordedAt,
    [property: Id(9)] string Hash);

[GenerateSerializer, Immutable, Alias("FestivalPos.HistoryPage")]
public sealed record HistoryPage(
    [property: Id(0)] WalletEntry[] Entries,
    [property: Id(1)] long? Next);

[GenerateSerializer, Immutable, Alias("FestivalPos.ChainVerification")]
public sealed record ChainVerification(
    [property: Id(0)] bool IsValid,
    [property: Id(1)] long EventsChecked,
    [property: Id(2)] long? FirstInvalidVersion,
    [property: Id(3)] string? Problem);
