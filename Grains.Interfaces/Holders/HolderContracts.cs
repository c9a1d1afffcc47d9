namespace FestivalPos.Grains.Interfaces.Holders;

/// <summary>What a wallet's holder may give, each part optional: a name, an email and an IBAN to be paid out to.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.HolderData")]
public sealed record HolderData(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Iban)
{
    /// <summary>A cash-out needs somewhere to send the money: an IBAN, or an email the provider asks for one.</summary>
    public bool HasPayoutDestination => Iban is not null || Email is not null;
}

/// <summary>The holder data of a wallet as stored: the data, or only the time it was erased.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.HolderRecord")]
public sealed record HolderRecord(
    [property: Id(0)] HolderData? Data,
    [property: Id(1)] DateTimeOffset ChangedAt,
    [property: Id(2)] DateTimeOffset? ErasedAt);

[GenerateSerializer, Alias("FestivalPos.HolderOutcome")]
public enum HolderOutcome
{
    Done = 0,
    WalletNotFound = 1,
    InvalidInput = 2,

    /// <summary>Nothing is stored for the wallet.</summary>
    NoHolderData = 3,

    /// <summary>A cash-out is requested and its payout not yet confirmed: the payout still needs the data.</summary>
    CashOutPending = 4,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.HolderResult")]
public sealed record HolderResult(
    [property: Id(0)] HolderOutcome Outcome,
    [property: Id(1)] HolderRecord? Record);
