using FestivalPos.PosApp.Screen;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>
/// A terminal serving its touch screen on a loopback port and syncing in the background, as <c>posapp screen</c> does;
/// <see cref="RestartAsync"/> stops it and starts it again on the same store and port, as after a crash.
/// </summary>
public sealed class ScreenAtStand : IAsyncDisposable
{
    private readonly string _directory;
    private CancellationTokenSource _stop = new();
    private Task _sync = Task.CompletedTask;

    private ScreenAtStand(string directory)
    {
        _directory = directory;
    }

    public Terminal Terminal { get; private set; } = null!;

    public CashierScreen Screen { get; private set; } = null!;

    /// <summary>A terminal enrolled at a new stand "Main Stage Bar" selling <paramref name="items"/>, synced until its snapshot shows <paramref name="wallets"/>.</summary>
    public static async Task<ScreenAtStand> OpenAsync(PosSystem system, (string ItemId, CatalogItemRequest Item)[] items, params (string WalletId, long Balance)[] wallets)
    {
        var stand = new ScreenAtStand(await system.EnrollTerminalAsync(standId: await system.NewStandAsync("Main Stage Bar", items)));
        await stand.StartAsync(port: 0, wallets);
        return stand;
    }

    /// <summary>A new posapp on the same store, serving on the same port: a new page token, nothing in memory from before.</summary>
    public async Task RestartAsync()
    {
        var port = Screen.Address.Port;
        await StopAsync();
        await StartAsync(port, []);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartAsync(int port, (string WalletId, long Balance)[] wallets)
    {
        Terminal = await Terminal.OpenAsync(_directory);
        await PosSystem.WaitForSnapshotAsync(Terminal, wallets);
        Screen = await CashierScreen.StartAsync(Terminal, port);
        _stop = new CancellationTokenSource();
        var terminal = Terminal;
        var stop = _stop.Token;
        _sync = Task.Run(() => terminal.Sync.RunAsync(TimeSpan.FromMilliseconds(500), stop));
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sync;
        await Screen.DisposeAsync();
        Terminal.Dispose();
        _stop.Dispose();
    }
}
