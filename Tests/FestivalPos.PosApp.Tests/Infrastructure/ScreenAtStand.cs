using FestivalPos.DevServers;
using FestivalPos.PosApp.Screen;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>
/// A terminal serving its touch screen on a free loopback port and syncing in the background, as <c>posapp screen</c> does;
/// <see cref="RestartAsync"/> stops it and starts it again on the same store and port, as after a crash.
/// </summary>
public sealed class ScreenAtStand : IAsyncDisposable
{
    private readonly string _directory;
    private CancellationTokenSource _stop = new();
    private Task _sync = Task.CompletedTask;
    private bool _stopped = true;

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
        // Not port 0: the kernel would pick from the ports outgoing connections take, and one could take it while the screen restarts.
        await stand.StartAsync(LoopbackPorts.Free(), wallets);
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
        var terminal = await Terminal.OpenAsync(_directory);
        try
        {
            await PosSystem.WaitForSnapshotAsync(terminal, wallets);
            Screen = await CashierScreen.StartAsync(terminal, port);
        }
        catch
        {
            terminal.Dispose();
            throw;
        }

        Terminal = terminal;
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _sync = Task.Run(() => terminal.Sync.RunAsync(TimeSpan.FromMilliseconds(500), stop));
        _stopped = false;
    }

    private async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        await _sync;
        await Screen.DisposeAsync();
        Terminal.Dispose();
        _stop.Dispose();
    }
}
