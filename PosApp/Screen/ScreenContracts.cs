using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>What the screen shows besides the basket: the stand and terminal, its items, the link to the gateway with the backlog, and the latest sales.</summary>
public sealed record ScreenState(string DeviceId, string? Stand, bool Online, int Backlog, IReadOnlyList<ScreenItem> Items, IReadOnlyList<ScreenRecentSale> Recent);

public sealed record ScreenItem(string Item, string Name, long Price, long Deposit, int MinimumAge);

/// <summary>
/// A basket the cashier charges: items by id, cups given back, a tip, whether the ID was checked, and what the reader
/// typed (<see cref="Credential.Scanned"/>). <see cref="SaleKey"/> is the screen's id for this basket, stored with the sale: a
/// second request with the same key (a double tap, a resent request, a retry after a restart) answers the first sale instead of charging again.
/// </summary>
public sealed record ScreenSaleRequest(string SaleKey, IReadOnlyList<ScreenLine> Items, IReadOnlyList<ScreenCups>? CupsBack, long? Tip, bool AgeChecked, string Scan);

public sealed record ScreenLine(string Item, int Quantity);

public sealed record ScreenCups(string? Item, int Cups);

/// <summary>The verdict as the screen shows it: <c>approved</c>, <c>declined</c> or <c>unconfirmed</c>.</summary>
public sealed record ScreenSaleAnswer(string Verdict, long? Seq, string? Mode, string? WalletId, long Amount, string? Reason, long? Balance)
{
    public static ScreenSaleAnswer Of(SaleResult sale) =>
        new(sale.Verdict.ToString().ToLowerInvariant(), sale.Seq, sale.Mode, sale.WalletId, sale.Amount, sale.Reason, sale.Balance);

    /// <summary>
    /// What the cashier was told of a sale the outbox holds, as it stands now: approved online or offline (a pending offline
    /// sale is queued within the allowance), declined or refused, or unconfirmed while an online one waits for its answer.
    /// </summary>
    public static ScreenSaleAnswer Of(Store.OutboxEntry sale) => new(
        sale.State switch
        {
            _ when Store.SaleStates.Charged(sale.State) => "approved",
            Store.SaleStates.Pending when sale.Mode == Store.SaleModes.Offline => "approved",
            Store.SaleStates.Pending => "unconfirmed",
            _ => "declined",
        },
        sale.Seq, sale.Mode, sale.WalletId, sale.Amount, sale.Reason, sale.Balance);
}

/// <summary>
/// One of the terminal's latest sales: its outbox state (<c>approved</c>, <c>applied</c>, <c>declined</c>, ...), what was
/// refunded of it, and the cups it charged a deposit for; <see cref="Refundable"/> when the terminal may still give money back.
/// </summary>
public sealed record ScreenRecentSale(long Seq, string CreatedAt, long Amount, string State, long Refunded, int Cups)
{
    public bool Refundable => Store.SaleStates.Charged(State) && Refunded < Amount;
}

/// <summary>A refund of sale <see cref="Seq"/>: what is left of it, or the deposit of <see cref="Cups"/> cups; once per <see cref="RefundKey"/>, which its refundId carries.</summary>
public sealed record ScreenRefundRequest(string RefundKey, long Seq, int? Cups);

/// <summary>The refund as the screen shows it: <c>refunded</c>, <c>refused</c> (with the reason) or <c>unconfirmed</c> (ask again).</summary>
public sealed record ScreenRefundAnswer(string Verdict, long Seq, long Amount, long? Balance, long? Refundable, string? Reason)
{
    public static ScreenRefundAnswer Of(RefundResult refund) => new(
        refund.Verdict switch { SaleVerdict.Approved => "refunded", SaleVerdict.Declined => "refused", _ => "unconfirmed" },
        refund.Refund.Seq, refund.Refund.Amount, refund.Balance, refund.Refundable, refund.Reason);
}

/// <summary>Why a request was refused, in words the cashier can act on.</summary>
public sealed record ScreenError(string Error);
