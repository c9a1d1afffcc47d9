using FestivalPos.PosApp.Screen;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>A terminal serving its touch screen on a free loopback port and syncing in the background, as <c>posapp screen</c> does.</summary>
public sealed class ScreenAtStand : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _sync = Task.CompletedTask;

    private ScreenAtStand(Terminal terminal, CashierScreen screen)
    {
        Terminal = terminal;
        Screen = screen;
    }

    public Terminal Terminal { get; }

    public CashierScreen Screen { get; }

    /// <summary>A terminal enrolled at a new stand "Main Stage Bar" selling <paramref name="items"/>, synced until its snapshot shows <paramref name="wallets"/>.</summary>
    public static async Task<ScreenAtStand> OpenAsync(PosSystem system, (string ItemId, CatalogItemRequest Item)[] items, params (string WalletId, long Balance)[] wallets)
    {
        var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(standId: await system.NewStandAsync("Main Stage Bar", items)));
        await PosSystem.WaitForSnapshotAsync(terminal, wallets);
        return await StartAsync(terminal);
    }

    private static async Task<ScreenAtStand> StartAsync(Terminal terminal)
    {
        var stand = new ScreenAtStand(terminal, await CashierScreen.StartAsync(terminal, port: 0));
        stand._sync = Task.Run(() => terminal.Sync.RunAsync(TimeSpan.FromMilliseconds(500), stand._stop.Token));
        return stand;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sync;
        await Screen.DisposeAsync();
        Terminal.Dispose();
        _stop.Dispose();
    }
}
