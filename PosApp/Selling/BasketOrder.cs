using System.Globalization;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Selling;

/// <summary>
/// What the cashier asked for, by item id: items and their quantities, cups given back (of one item's deposit, or of the
/// stand's one deposit when <c>Item</c> is null), a tip, and whether the buyer's ID was checked. <see cref="PriceAsync"/>
/// prices it from the stand's catalog; the command line and the touch screen both ring up sales through it.
/// </summary>
public sealed record BasketOrder(
    IReadOnlyList<(string Item, int Quantity)> Items, IReadOnlyList<(string? Item, int Cups)> CupsBack, long? Tip, bool AgeChecked)
{
    /// <summary>
    /// The sale to ring up, or a <see cref="PosException"/> (bad input) naming what is wrong: an item not in the catalog,
    /// an age-restricted item without the ID check (<paramref name="howToConfirmAge"/> says how to give it), lines the
    /// gateway would refuse, or a basket that charges nothing.
    /// </summary>
    public async Task<SaleRequest> PriceAsync(CatalogStore catalog, string? walletId, Credential credential, string howToConfirmAge)
    {
        var basket = new Basket();
        foreach (var (id, quantity) in Items)
        {
            basket.Add(await catalog.FindAsync(id) ?? throw new PosException(ExitCodes.BadInput, $"'{id}' is not in the stand's catalog (see 'posapp catalog')."), quantity);
        }

        foreach (var (id, cups) in CupsBack)
        {
            basket.ReturnCups(id, cups, await DepositAsync(catalog, id));
        }

        if (Tip is { } tip)
        {
            basket.Tip(tip > 0 ? tip : throw new PosException(ExitCodes.BadInput, $"A tip must be a positive amount, not {tip}."));
        }

        if (basket.AgeRestricted.FirstOrDefault() is { Item: not null } restricted && !AgeChecked)
        {
            throw new PosException(ExitCodes.BadInput, $"'{restricted.Item}' is sold from age {restricted.Age} only: check the buyer's ID, then {howToConfirmAge}.");
        }

        if (basket.Problem() is { } problem)
        {
            throw new PosException(ExitCodes.BadInput, problem);
        }

        return new SaleRequest(walletId, credential, basket.Amount, Describe(), basket.Lines);
    }

    /// <summary>The sale's items as the outbox and the sales log show them: <c>beer:2,cups-back:3,tip:100</c>.</summary>
    private string Describe() => string.Join(',', Items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Item}:{i.Quantity}"))
        .Concat(CupsBack.Select(c => string.Create(CultureInfo.InvariantCulture, $"cups-back:{(c.Item is null ? string.Empty : $"{c.Item}:")}{c.Cups}")))
        .Concat(Tip is { } tip ? [string.Create(CultureInfo.InvariantCulture, $"tip:{tip}")] : []));

    private static async Task<long> DepositAsync(CatalogStore catalog, string? itemId)
    {
        if (itemId is not null)
        {
            return await catalog.FindAsync(itemId) is { Deposit: > 0 } item ? item.Deposit
                : throw new PosException(ExitCodes.BadInput, $"'{itemId}' is not an item with a deposit in the stand's catalog.");
        }

        var deposits = (await catalog.ListAsync()).Where(i => i.Deposit > 0).Select(i => i.Deposit).Distinct().ToList();
        return deposits.Count == 1 ? deposits[0]
            : throw new PosException(ExitCodes.BadInput, deposits.Count == 0
                ? "No item of the stand's catalog has a deposit."
                : "The stand's items have different deposits: say which with --return-cups ITEM:N.");
    }
}
