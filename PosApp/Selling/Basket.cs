using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Selling;

/// <summary>
/// A sale rung up by item: an item line per item, a deposit line for the cups that go with an item that has a deposit,
/// negative deposit lines for cups given back, and a tip. The amount is the lines' sum.
/// </summary>
public sealed class Basket
{
    /// <summary>
    /// The terminal does not know the ledger's largest amount (the gateway checks it); this bound only keeps the sum of
    /// <see cref="SaleLines.MaxLines"/> lines of <see cref="SaleLines.MaxQuantity"/> from overflowing.
    /// </summary>
    public const long MaxUnitPrice = long.MaxValue / SaleLines.MaxLines / SaleLines.MaxQuantity;

    private readonly List<SaleLine> _lines = [];

    public IReadOnlyList<SaleLine> Lines => _lines;

    public long Amount => _lines.Sum(line => line.Quantity * line.UnitPrice);

    /// <summary>The items whose buyer's age the cashier must check, and that age.</summary>
    public List<(string Item, int Age)> AgeRestricted { get; } = [];

    public void Add(CatalogItem item, int quantity)
    {
        _lines.Add(new SaleLine(Wire.WireNames.LineKinds.Item, item.Item, quantity, item.Price));
        if (item.Deposit > 0)
        {
            _lines.Add(new SaleLine(Wire.WireNames.LineKinds.Deposit, item.Item, quantity, item.Deposit));
        }

        if (item.MinimumAge > 0)
        {
            AgeRestricted.Add((item.Item, item.MinimumAge));
        }
    }

    /// <summary>The lines of a sale that charged cups' deposits (a negative deposit line gives cups back instead).</summary>
    public static IEnumerable<SaleLine> CupsCharged(IEnumerable<SaleLine>? lines) =>
        (lines ?? []).Where(line => line.Kind == Wire.WireNames.LineKinds.Deposit && line.Quantity > 0);

    /// <summary>Cups given back within this sale: a negative deposit line of <paramref name="deposit"/> per cup.</summary>
    public void ReturnCups(string? itemId, int cups, long deposit) => _lines.Add(new SaleLine(Wire.WireNames.LineKinds.Deposit, itemId, -cups, deposit));

    public void Tip(long amount) => _lines.Add(new SaleLine(Wire.WireNames.LineKinds.Tip, null, 1, amount));

    /// <summary>Why the basket cannot be sold, or null: the lines follow the gateway's rule, and the sale charges something.</summary>
    public string? Problem() =>
        SaleLines.Problem(_lines, Amount, MaxUnitPrice) is { } problem ? problem
        : Amount <= 0 ? $"The sale comes to {Amount}: cups given back without a larger purchase are a refund ('posapp refund --seq SEQ --cups N', SEQ the sale that charged them)."
        : null;
}
