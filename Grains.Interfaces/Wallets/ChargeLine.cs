namespace FestivalPos.Grains.Interfaces.Wallets;

[GenerateSerializer, Alias("FestivalPos.LineKind")]
public enum LineKind
{
    Item = 0,
    Deposit = 1,
    Tip = 2,
}

/// <summary>One line of a sale as the ledger records it with the charge (see <see cref="Wire.Contracts.SaleLines"/>): what was sold, not what was paid.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeLine")]
public sealed record ChargeLine(
    [property: Id(0)] LineKind Kind,
    [property: Id(1)] string? ItemId,
    [property: Id(2)] int Quantity,
    [property: Id(3)] long UnitPrice)
{
    public long Total => Quantity * UnitPrice;

    public static ChargeLine[]? From(IReadOnlyList<Wire.Contracts.SaleLine>? lines) =>
        lines is null ? null : [.. lines.Select(line => new ChargeLine(KindOf(line.Kind), line.ItemId, line.Quantity, line.UnitPrice))];

    public static LineKind KindOf(string kind) => kind switch
    {
        Wire.WireNames.LineKinds.Item => LineKind.Item,
        Wire.WireNames.LineKinds.Deposit => LineKind.Deposit,
        Wire.WireNames.LineKinds.Tip => LineKind.Tip,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown line kind."),
    };
}
