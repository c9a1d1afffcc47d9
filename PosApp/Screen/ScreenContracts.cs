using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>What the screen shows besides the sale: the stand, its items, and the link to the gateway with the backlog.</summary>
public sealed record ScreenState(string DeviceId, string? Stand, bool Online, int Backlog, double OldestUnsyncedSeconds, IReadOnlyList<ScreenItem> Items);

public sealed record ScreenItem(string Item, string Name, long Price, long Deposit, int MinimumAge, string Category);

/// <summary>
/// A basket the cashier charges: items by id, cups given back, a tip, whether the ID was checked, and what the reader
/// typed (<see cref="Credential.Scanned"/>). <see cref="SaleKey"/> is the screen's id for this basket: a second request
/// with the same key (a double tap, a resent request) answers the first sale instead of charging again.
/// </summary>
public sealed record ScreenSaleRequest(string SaleKey, IReadOnlyList<ScreenLine> Items, IReadOnlyList<ScreenCups>? CupsBack, long? Tip, bool AgeChecked, string Scan);

public sealed record ScreenLine(string Item, int Quantity);

public sealed record ScreenCups(string? Item, int Cups);

/// <summary>The verdict as the screen shows it: <c>approved</c>, <c>declined</c> or <c>unconfirmed</c>.</summary>
public sealed record ScreenSaleAnswer(string Verdict, long? Seq, string? Mode, string? WalletId, long Amount, string? Reason, long? Balance)
{
    public static ScreenSaleAnswer Of(SaleResult sale) =>
        new(sale.Verdict.ToString().ToLowerInvariant(), sale.Seq, sale.Mode, sale.WalletId, sale.Amount, sale.Reason, sale.Balance);
}

/// <summary>Why a request was refused, in words the cashier can act on.</summary>
public sealed record ScreenError(string Error);
