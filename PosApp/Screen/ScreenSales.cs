using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// Rings up the screen's baskets one at a time, through the same <see cref="BasketOrder"/> and <see cref="Cashier"/> as
/// <c>posapp sell</c>. A basket's sale key is remembered with its answer, so a double tap or a resent request gets the
/// first answer and never a second charge.
/// </summary>
public sealed class ScreenSales(Terminal terminal, Connectivity connectivity)
{
    private const int RememberedKeys = 256;
    private const int MaxKeyLength = 64;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Dictionary<string, ScreenSaleAnswer> _answered = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public async Task<ScreenSaleAnswer> SellAsync(ScreenSaleRequest request, CancellationToken cancellation)
    {
        var credential = Validate(request);
        await _one.WaitAsync(cancellation);
        try
        {
            if (_answered.TryGetValue(request.SaleKey, out var earlier))
            {
                return earlier;
            }

            var order = new BasketOrder(
                [.. request.Items.Select(line => (line.Item, line.Quantity))], [.. (request.CupsBack ?? []).Select(cups => (cups.Item, cups.Cups))], request.Tip, request.AgeChecked);
            var sale = await terminal.Cashier.SellAsync(await order.PriceAsync(terminal.Catalog, null, credential, "confirm the ID check on the screen"), cancellation: cancellation);
            connectivity.Saw(sale);
            return Remember(request.SaleKey, ScreenSaleAnswer.Of(sale));
        }
        finally
        {
            _one.Release();
        }
    }

    private static Credential Validate(ScreenSaleRequest request)
    {
        if (request.SaleKey is not { Length: > 0 and <= MaxKeyLength })
        {
            throw new PosException(ExitCodes.BadInput, $"saleKey must be 1 to {MaxKeyLength} characters.");
        }

        if (request.Items is null || request.Items.Any(line => line is null || line.Quantity is < 1 or > SaleLines.MaxQuantity)
            || (request.CupsBack ?? []).Any(cups => cups is null || cups.Cups is < 1 or > SaleLines.MaxQuantity))
        {
            throw new PosException(ExitCodes.BadInput, $"Every quantity and every count of cups is 1 to {SaleLines.MaxQuantity}.");
        }

        return Credential.Scanned(request.Scan ?? string.Empty)
            ?? throw new PosException(ExitCodes.BadInput, "The reader sent something that is neither a wristband nor a QR code: tap or scan again.");
    }

    private ScreenSaleAnswer Remember(string key, ScreenSaleAnswer answer)
    {
        _answered[key] = answer;
        _order.Enqueue(key);
        if (_order.Count > RememberedKeys)
        {
            _answered.Remove(_order.Dequeue());
        }

        return answer;
    }
}
