using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Simulation;

/// <summary>
/// One simulated terminal: its own store, its own network switch, a cashier selling baskets from its stand's catalog at a
/// steady rate (the buyer's age checked), with a tip now and then and cups given back now and then, and refunding every
/// Nth sale the server approved before the next sale: in turn the whole sale, part of it, or cups the sale charged.
/// </summary>
public sealed class VirtualTerminal(Terminal terminal, OutageHandler network, IReadOnlyList<(string WalletId, string Uid)> wallets, SalesLog log, Random random)
{
    public Terminal Terminal => terminal;

    public OutageHandler Network => network;

    /// <summary>What the cashier was told, sale by sale, with what was sold.</summary>
    public List<(SaleResult Result, IReadOnlyList<SaleLine> Lines)> Results { get; } = [];

    /// <summary>The last answer to each refund, in the order they were asked.</summary>
    public List<(RefundResult Result, string WalletId, int? Cups)> Refunds { get; } = [];

    public async Task SellAsync(TimeSpan duration, double salesPerSecond, int refundEvery, CancellationToken cancellation)
    {
        var catalog = await terminal.Catalog.ListAsync();
        var end = DateTimeOffset.UtcNow + duration;
        var approvedOnline = 0;
        while (DateTimeOffset.UtcNow < end && !cancellation.IsCancellationRequested)
        {
            var (walletId, uid) = wallets[random.Next(wallets.Count)];
            var basket = Fill(catalog);
            var result = await terminal.Cashier.SellAsync(
                new SaleRequest(walletId, new Credential(Credential.Nfc, uid), basket.Amount, "sim", basket.Lines), cancellation: cancellation);
            Results.Add((result, basket.Lines));
            log.Write(terminal.Enrollment.DeviceId, result, basket.Lines);
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2 / salesPerSecond), cancellation);
            if (result is { Verdict: SaleVerdict.Approved, Mode: SaleModes.Online } && refundEvery > 0 && ++approvedOnline % refundEvery == 0)
            {
                // The buyer is back before the next sale (a wrong item, a spilled drink): the network may have gone meanwhile.
                await RefundAsync(result, basket.Lines, approvedOnline / refundEvery, cancellation);
            }
        }
    }

    /// <summary>Asks again for every refund whose answer was lost, under its refundId; answers how many are still unanswered.</summary>
    public async Task<int> AskUnansweredRefundsAsync()
    {
        for (var i = 0; i < Refunds.Count; i++)
        {
            if (Refunds[i] is ({ Verdict: SaleVerdict.Unconfirmed } unanswered, var walletId, var cups))
            {
                var answer = await terminal.Refunder.RefundAsync(unanswered.Refund.Seq, unanswered.Refund.Amount, null, unanswered.Refund.RefundId);
                log.Write(terminal.Enrollment.DeviceId, walletId, cups, answer);
                Refunds[i] = (answer, walletId, cups);
            }
        }

        return Refunds.Count(r => r.Result.Verdict == SaleVerdict.Unconfirmed);
    }

    /// <summary>The <paramref name="nth"/> refund: the whole sale, then part of it, then cups it charged (part of it when it charged none).</summary>
    private async Task RefundAsync(SaleResult sale, IReadOnlyList<SaleLine> lines, int nth, CancellationToken cancellation)
    {
        var cupsCharged = Basket.CupsCharged(lines).Sum(l => l.Quantity);
        (long? Amount, int? Cups) asked = (nth % 3, cupsCharged) switch
        {
            (1, _) => (null, null),
            (0, > 0) => (null, random.Next(1, cupsCharged + 1)),
            _ => (random.NextInt64(1, sale.Amount), null),
        };
        var result = await terminal.Refunder.RefundAsync(sale.Seq!.Value, asked.Amount, asked.Cups, null, cancellation);
        Refunds.Add((result, sale.WalletId!, asked.Cups));
        log.Write(terminal.Enrollment.DeviceId, sale.WalletId!, asked.Cups, result);
    }

    private Basket Fill(IReadOnlyList<CatalogItem> catalog)
    {
        var basket = new Basket();
        foreach (var item in catalog.OrderBy(_ => random.Next()).Take(random.Next(1, catalog.Count + 1)))
        {
            basket.Add(item, random.Next(1, 3));
        }

        if (random.Next(5) == 0)
        {
            basket.Tip(random.Next(50, 200));
        }

        // A cup given back is worth less than any basket with an item of its deposit in it.
        if (random.Next(4) == 0 && basket.Lines.FirstOrDefault(l => l.Kind == Wire.WireNames.LineKinds.Deposit) is { } deposit)
        {
            basket.ReturnCups(deposit.ItemId, 1, deposit.UnitPrice);
        }

        return basket.Problem() is { } problem ? throw new InvalidOperationException(problem) : basket;
    }
}
