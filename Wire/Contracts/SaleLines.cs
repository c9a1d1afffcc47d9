using System.Text.Json.Serialization;

namespace FestivalPos.Wire.Contracts;

/// <summary>
/// One line of a sale: <c>item</c> (a catalog item, <c>quantity</c> 1 or more), <c>deposit</c> (returnable cups:
/// a negative quantity gives cups back within a sale) or <c>tip</c> (quantity 1, no item).
/// </summary>
/// <remarks><c>itemId</c> is written even when null: the gateway reads every field of a line as required.</remarks>
public sealed record SaleLine(string Kind, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ItemId, int Quantity, long UnitPrice);

/// <summary>
/// What a sale's lines may be, checked the same way by the gateway and the terminal. The amount stays the source of
/// truth: lines explain it and must add up to it exactly.
/// </summary>
public static class SaleLines
{
    public const int MaxLines = 100;
    public const int MaxQuantity = 1000;

    /// <summary>Why <paramref name="lines"/> cannot explain <paramref name="amount"/>, or null when they do (or there are none).</summary>
    public static string? Problem(IReadOnlyList<SaleLine>? lines, long amount, long maxAmount)
    {
        if (lines is null)
        {
            return null;
        }

        if (lines.Count is 0 or > MaxLines)
        {
            return $"'lines' must hold 1 to {MaxLines} lines, or be left out.";
        }

        long total = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (LineProblem(lines[i], maxAmount) is { } problem)
            {
                return $"lines[{i}]: {problem}";
            }

            total += lines[i].Quantity * lines[i].UnitPrice;
        }

        return total == amount ? null : $"The lines add up to {total}, not to the amount {amount}.";
    }

    private static string? LineProblem(SaleLine line, long maxAmount) => line.Kind switch
    {
        _ when line.UnitPrice < 0 || line.UnitPrice > maxAmount => $"'unitPrice' must be 0 to {maxAmount}.",
        WireNames.LineKinds.Item when !Identifiers.IsValid(line.ItemId) => $"an item line needs an 'itemId' of 1 to {Identifiers.MaxLength} characters of A-Z a-z 0-9 _ -.",
        WireNames.LineKinds.Item when line.Quantity is < 1 or > MaxQuantity => $"an item's 'quantity' must be 1 to {MaxQuantity}.",
        WireNames.LineKinds.Deposit when line.ItemId is not null && !Identifiers.IsValid(line.ItemId) => $"a deposit's 'itemId' must be 1 to {Identifiers.MaxLength} characters of A-Z a-z 0-9 _ -.",
        WireNames.LineKinds.Deposit when line.Quantity == 0 || Math.Abs(line.Quantity) > MaxQuantity => $"a deposit's 'quantity' must be -{MaxQuantity} to {MaxQuantity}, not 0 (negative: cups given back).",
        WireNames.LineKinds.Tip when line.ItemId is not null || line.Quantity != 1 || line.UnitPrice < 1 => "a tip has no 'itemId', 'quantity' 1 and a 'unitPrice' of 1 or more.",
        WireNames.LineKinds.Item or WireNames.LineKinds.Deposit or WireNames.LineKinds.Tip => null,
        _ => $"'kind' must be {WireNames.LineKinds.Item}, {WireNames.LineKinds.Deposit} or {WireNames.LineKinds.Tip}.",
    };
}
