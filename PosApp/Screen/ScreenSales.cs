using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// Rings up the screen's baskets through the same <see cref="BasketOrder"/> and <see cref="Cashier"/> as <c>posapp sell</c>,
/// and refunds the terminal's recent sales through its <see cref="Refunder"/> as <c>posapp refund</c> does; one action at a
/// time, each once per key (<see cref="OncePerKey"/>).
/// </summary>
public sealed class ScreenSales(Terminal terminal, Connectivity connectivity)
{
    private readonly OncePerKey _once = new();

    public Task<ScreenSaleAnswer> SellAsync(ScreenSaleRequest request, CancellationToken cancellation)
    {
        var credential = Validate(request);
        return _once.RunAsync(request.SaleKey, async () =>
        {
            var order = new BasketOrder(
                [.. request.Items.Select(line => (line.Item, line.Quantity))], [.. (request.CupsBack ?? []).Select(cups => (cups.Item, cups.Cups))], request.Tip, request.AgeChecked);
            var sale = await terminal.Cashier.SellAsync(await order.PriceAsync(terminal.Catalog, null, credential, "confirm the ID check on the screen"), cancellation: cancellation);
            connectivity.Saw(sale);
            return ScreenSaleAnswer.Of(sale);
        }, cancellation);
    }

    /// <summary>What is left of the sale, or the deposit of <see cref="ScreenRefundRequest.Cups"/> cups it charged; online only.</summary>
    public Task<ScreenRefundAnswer> RefundAsync(ScreenRefundRequest request, CancellationToken cancellation) =>
        request.Cups is < 1 or > SaleLines.MaxQuantity ? throw new PosException(ExitCodes.BadInput, $"The cups given back are 1 to {SaleLines.MaxQuantity}.")
        : _once.RunAsync(request.RefundKey, async () =>
            ScreenRefundAnswer.Of(await terminal.Refunder.RefundAsync(request.Seq, amount: null, request.Cups, refundId: null, cancellation)), cancellation);

    private static Credential Validate(ScreenSaleRequest request)
    {
        if (request.Items is null || request.Items.Any(line => line is null || line.Quantity is < 1 or > SaleLines.MaxQuantity)
            || (request.CupsBack ?? []).Any(cups => cups is null || cups.Cups is < 1 or > SaleLines.MaxQuantity))
        {
            throw new PosException(ExitCodes.BadInput, $"Every quantity and every count of cups is 1 to {SaleLines.MaxQuantity}.");
        }

        return Credential.Scanned(request.Scan ?? string.Empty)
            ?? throw new PosException(ExitCodes.BadInput, "The reader sent something that is neither a wristband nor a QR code: tap or scan again.");
    }
}
