using FestivalPos.PosApp.Cli;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// <c>posapp screen [--port N]</c>: serves the cashier's touch screen on http://127.0.0.1:N/ (default 5080; 0 picks a
/// free port) and syncs in the background, until stopped (Ctrl+C).
/// </summary>
public static class ScreenCommand
{
    public const int DefaultPort = 5080;

    public static async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellation)
    {
        var port = args.Long("port") ?? DefaultPort;
        if (port is < 0 or > 65535)
        {
            throw new PosException(ExitCodes.Usage, $"--port must be 0 to 65535, not {port}.");
        }

        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        await using var screen = await CashierScreen.StartAsync(terminal, (int)port, cancellation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, screen.Stopping);
        var sync = Task.Run(() => terminal.Sync.RunAsync(TimeSpan.FromSeconds(2), stop.Token), CancellationToken.None);
        await output.WriteLineAsync($"screen {screen.Address} device={terminal.Enrollment.DeviceId}");
        await output.FlushAsync(cancellation);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop serving; the sync stops with the same token and keeps what it settled.
        }

        await sync;
        return ExitCodes.Ok;
    }
}
