using FestivalPos.PosApp.Screen;

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

    public static async Task<ScreenAtStand> StartAsync(Terminal terminal)
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
