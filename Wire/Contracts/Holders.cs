namespace FestivalPos.Wire.Contracts;

/// <summary>The holder data an organizer sets for a wallet; every part optional. It replaces what was there.</summary>
public sealed record HolderDataRequest(string? Name = null, string? Email = null, string? Iban = null);

/// <summary>A wallet's holder data, or after erasure only <c>erasedAt</c> (and every part null).</summary>
public sealed record HolderDataResponse(string WalletId, string? Name, string? Email, string? Iban, DateTimeOffset ChangedAt, DateTimeOffset? ErasedAt);

/// <summary>A wallet's cash-out: requested with <c>fee</c>, paid out by <c>payoutId</c> (<c>amount</c> to the holder), confirmed by the provider.</summary>
public sealed record CashOutEntry(DateTimeOffset RequestedAt, long Fee, string? PayoutId, long Amount, DateTimeOffset? PaidAt, DateTimeOffset? ConfirmedAt);

/// <summary>Everything the festival holds about one wallet: an answer to a data subject's access request.</summary>
public sealed record WalletExport(
    DateTimeOffset ExportedAt,
    WalletResponse Wallet,
    TransactionEntry[] Entries,
    string[] Wristbands,
    HolderDataResponse? Holder,
    CashOutEntry? CashOut);
