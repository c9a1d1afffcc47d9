using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Simulation;

/// <summary>
/// One simulated terminal: its own store, its own network switch, a cashier selling baskets from its stand's catalog at a
/// steady rate (the buyer's age checked), with a tip now and then and cups given back now and then.
/// </summary>
public sealed class VirtualTerminal(Terminal terminal, OutageHandler network, IReadOnlyList<(string WalletId, string Uid)> wallets, SalesLog log, Random random)
{
    public Terminal Terminal => terminal;

    public OutageHandler Network => network;

    /// <summary>What the cashier was told, sale by sale, with what was sold.</summary>
    public List<(SaleResult Result, IReadOnlyList<SaleLine> Lines)> Results { get; } = [];

    public async Task SellAsync(TimeSpan duration, double salesPerSecond, CancellationToken cancellation)
    {
        var catalog = await terminal.Catalog.ListAsync();
        var end = DateTimeOffset.UtcNow + duration;
        while (DateTimeOffset.UtcNow < end && !cancellation.IsCancellationRequested)
        {
            var (walletId, uid) = wallets[random.Next(wallets.Count)];
            var basket = Fill(catalog);
            var result = await terminal.Cashier.SellAsync(
                new SaleRequest(walletId, new Credential(Credential.Nfc, uid), basket.Amount, "sim", basket.Lines), cancellation: cancellation);
            Results.Add((result, basket.Lines));
            log.Write(terminal.Enrollment.DeviceId, result, basket.Lines);
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2 / salesPerSecond), cancellation);
        }
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
