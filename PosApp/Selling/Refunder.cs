using System.Globalization;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Selling;

/// <summary>What the cashier is told about a refund: <c>applied</c> (money back), <c>refused</c> (nothing moved) or <c>unconfirmed</c> (ask again).</summary>
public sealed record RefundResult(SaleVerdict Verdict, Refund Refund, string? Status, long? Balance, long? Refundable, string? Reason)
{
    /// <summary>The answer line's first word: <c>refunded</c>, <c>refused</c> or <c>unconfirmed</c>.</summary>
    public string Answer => Verdict switch { SaleVerdict.Approved => "refunded", SaleVerdict.Declined => "refused", _ => "unconfirmed" };

    public override string ToString() => string.Join(' ', new[]
    {
        Answer,
        $"refundId={Refund.RefundId}", string.Create(CultureInfo.InvariantCulture, $"seq={Refund.Seq}"), string.Create(CultureInfo.InvariantCulture, $"amount={Refund.Amount}"),
        Status is null ? null : $"status={Status}", Balance is null ? null : string.Create(CultureInfo.InvariantCulture, $"balance={Balance}"),
        Refundable is null ? null : string.Create(CultureInfo.InvariantCulture, $"refundable={Refundable}"), Reason is null ? null : $"reason={Reason}",
    }.OfType<string>());
}

/// <summary>
/// Gives back (part of) a sale this terminal sold, online only: a refund needs the server's answer (the wallet decides,
/// within <c>Refunds:DeviceWindowSeconds</c> of the sale). The refund is written before it is sent, so asking again after a
/// lost answer reuses its refundId and the server answers <c>duplicate</c> instead of refunding twice.
/// </summary>
public sealed class Refunder(Enrollment enrollment, Outbox outbox, RefundStore refunds, GatewayClient gateway)
{
    /// <summary>Refunds <paramref name="amount"/> (null: what is left), or the deposit of <paramref name="cups"/> cups the sale charged.</summary>
    public async Task<RefundResult> RefundAsync(long seq, long? amount, int? cups, string? refundId, CancellationToken cancellation = default)
    {
        var sale = await outbox.FindAsync(seq)
            ?? throw new PosException(ExitCodes.BadInput, $"Seq {seq} is not in this terminal's outbox (never sold, or settled long ago): an organizer refunds it.");
        if (!SaleStates.Charged(sale.State))
        {
            throw new PosException(ExitCodes.BadInput, $"Seq {seq} is {sale.State}: only a sale the server charged can be refunded.");
        }

        var refund = await refunds.BeginAsync(seq, sale.Amount, cups is { } returned ? returned * CupDeposit(sale, returned) : amount, refundId);
        try
        {
            var answer = await gateway.RefundAsync(new RefundRequest(refund.RefundId, sale.WalletId, Wire.TxId.Format(enrollment.DeviceId, seq), refund.Amount), cancellation);
            await refunds.AppliedAsync(refund);
            return new RefundResult(SaleVerdict.Approved, refund, answer.Status, answer.Balance, answer.Refundable, null);
        }
        catch (GatewayRefusedException e)
        {
            await refunds.ForgetAsync(refund);
            return new RefundResult(SaleVerdict.Declined, refund, null, null, null, e.Problem?.Type?.Split(':')[^1] ?? e.Status.ToString(CultureInfo.InvariantCulture));
        }
        catch (GatewayUnavailableException)
        {
            return new RefundResult(SaleVerdict.Unconfirmed, refund, null, null, null, "gatewayUnreachable");
        }
    }

    /// <summary>The deposit per cup the sale charged, when it charged at least <paramref name="cups"/> cups at one deposit.</summary>
    private static long CupDeposit(OutboxEntry sale, int cups)
    {
        var deposits = Basket.CupsCharged(sale.Lines).ToList();
        return deposits.Sum(l => l.Quantity) < cups ? throw new PosException(ExitCodes.BadInput, $"Seq {sale.Seq} charged the deposit of {deposits.Sum(l => l.Quantity)} cups, not {cups}.")
            : deposits.Select(l => l.UnitPrice).Distinct().ToList() is [var deposit] ? deposit
            : throw new PosException(ExitCodes.BadInput, $"Seq {sale.Seq} charged different deposits: refund an --amount instead.");
    }
}
