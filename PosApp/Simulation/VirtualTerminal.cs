using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Simulation;

/// <summary>One simulated terminal: its own store, its own network switch, a cashier selling at a steady rate.</summary>
public sealed class VirtualTerminal(Terminal terminal, OutageHandler network, IReadOnlyList<(string WalletId, string Uid)> wallets, SalesLog log, Random random)
{
    public Terminal Terminal => terminal;

    public OutageHandler Network => network;

    /// <summary>What the cashier was told, sale by sale.</summary>
    public List<SaleResult> Results { get; } = [];

    public async Task SellAsync(TimeSpan duration, double salesPerSecond, CancellationToken cancellation)
    {
        var end = DateTimeOffset.UtcNow + duration;
        while (DateTimeOffset.UtcNow < end && !cancellation.IsCancellationRequested)
        {
            var (walletId, uid) = wallets[random.Next(wallets.Count)];
            var result = await terminal.Cashier.SellAsync(new SaleRequest(walletId, new Credential(Credential.Nfc, uid), random.Next(100, 1000), "sim"), cancellation: cancellation);
            Results.Add(result);
            log.Write(terminal.Enrollment.DeviceId, result);
            await Task.Delay(TimeSpan.FromSeconds(random.NextDouble() * 2 / salesPerSecond), cancellation);
        }
    }
}
