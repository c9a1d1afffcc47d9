using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// Rings up the screen's baskets through the same <see cref="BasketOrder"/> and <see cref="Cashier"/> as <c>posapp sell</c>,
/// and refunds the terminal's recent sales through its <see cref="Refunder"/> as <c>posapp refund</c> does, one action at a
/// time. Every action carries the key the page gave it, stored with what it did: a basket's key with its sale in the outbox,
/// a refund's in its refundId. Sent again (a double tap, a request the browser repeated, a retry after posapp restarted),
/// it answers what was done instead of doing it twice.
/// </summary>
public sealed class ScreenSales(Terminal terminal, Connectivity connectivity)
{
    /// <summary>The longest key the page may give: <see cref="RefundIdPrefix"/> and it must make a valid refundId.</summary>
    public const int MaxKeyLength = 48;

    private const string RefundIdPrefix = "screen-";

    private readonly SemaphoreSlim _one = new(1, 1);

    /// <param name="cancellation">Ends the wait for an action of another request, never a sale or refund once it started.</param>
    public async Task<ScreenSaleAnswer> SellAsync(ScreenSaleRequest request, CancellationToken cancellation)
    {
        var credential = Validate(request);
        await _one.WaitAsync(cancellation);
        try
        {
            if (await terminal.Outbox.FindByKeyAsync(request.SaleKey) is { } earlier)
            {
                return ScreenSaleAnswer.Of(earlier);
            }

            var order = new BasketOrder(
                [.. request.Items.Select(line => (line.Item, line.Quantity))], [.. (request.CupsBack ?? []).Select(cups => (cups.Item, cups.Cups))], request.Tip, request.AgeChecked);
            var priced = await order.PriceAsync(terminal.Catalog, null, credential, "confirm the ID check on the screen");
            // Once rung up, a sale runs to its answer even if the page went away: the cashier's flow, not the request, ends it.
            var sale = await terminal.Cashier.SellAsync(priced with { SaleKey = request.SaleKey });
            connectivity.Saw(sale);
            return ScreenSaleAnswer.Of(sale);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>What is left of the sale, or the deposit of <see cref="ScreenRefundRequest.Cups"/> cups it charged; online only.</summary>
    public async Task<ScreenRefundAnswer> RefundAsync(ScreenRefundRequest request, CancellationToken cancellation)
    {
        ValidateKey(request.RefundKey);
        if (request.Cups is < 1 or > SaleLines.MaxQuantity)
        {
            throw new PosException(ExitCodes.BadInput, $"The cups given back are 1 to {SaleLines.MaxQuantity}.");
        }

        await _one.WaitAsync(cancellation);
        try
        {
            return ScreenRefundAnswer.Of(await terminal.Refunder.RefundAsync(request.Seq, amount: null, request.Cups, RefundIdPrefix + request.RefundKey));
        }
        finally
        {
            _one.Release();
        }
    }

    private static Credential Validate(ScreenSaleRequest request)
    {
        ValidateKey(request.SaleKey);
        if (request.Items is null || request.Items.Any(line => line is null || line.Quantity is < 1 or > SaleLines.MaxQuantity)
            || (request.CupsBack ?? []).Any(cups => cups is null || cups.Cups is < 1 or > SaleLines.MaxQuantity))
        {
            throw new PosException(ExitCodes.BadInput, $"Every quantity and every count of cups is 1 to {SaleLines.MaxQuantity}.");
        }

        return Credential.Scanned(request.Scan ?? string.Empty)
            ?? throw new PosException(ExitCodes.BadInput, "The reader sent something that is neither a wristband nor a QR code: tap or scan again.");
    }

    private static void ValidateKey(string? key)
    {
        if (key is not { Length: <= MaxKeyLength } || !Wire.Identifiers.IsValid(key))
        {
            throw new PosException(ExitCodes.BadInput, $"The screen's key for this action must be 1 to {MaxKeyLength} characters of A-Z a-z 0-9 _ -.");
        }
    }
}
