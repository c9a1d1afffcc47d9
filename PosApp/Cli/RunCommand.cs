namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>posapp run</c>: a cashier session. One command per line on stdin (<c>sell --wallet W --nfc UID --item beer:2</c>,
/// <c>refund --seq N [--amount A | --cups K]</c>, <c>sync</c>, <c>status</c>, <c>quit</c>); one answer line per sale or refund on
/// stdout, or an <c>error: ...</c> line, and the session goes on; the sync engine works in the background.
/// With <c>--progress</c>, a <c>progress ...</c> line also says when a sale is written under its seq (before it is sent),
/// and when the sync sends a batch or asks again for an unanswered charge.
/// </summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, TextReader input, CancellationToken cancellation)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        if (args.Has("progress"))
        {
            ReportProgress(terminal, output);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var background = Task.Run(() => terminal.Sync.RunAsync(TimeSpan.FromSeconds(2), stop.Token), CancellationToken.None);
        await output.WriteLineAsync($"ready device={terminal.Enrollment.DeviceId}");
        try
        {
            while (await input.ReadLineAsync(cancellation) is { } line)
            {
                if (!await HandleAsync(terminal, line, output, input, cancellation))
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await background;
        }

        return ExitCodes.Ok;
    }

    /// <summary>Writes the cashier's and the sync's progress lines to <paramref name="output"/>, one whole line at a time.</summary>
    public static void ReportProgress(Terminal terminal, TextWriter output)
    {
        var synchronized = TextWriter.Synchronized(output);
        terminal.Cashier.Progress += synchronized.WriteLine;
        terminal.Sync.Progress += synchronized.WriteLine;
    }

    private static async Task<bool> HandleAsync(Terminal terminal, string line, TextWriter output, TextReader input, CancellationToken cancellation)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            switch (words.FirstOrDefault())
            {
                case null:
                    return true;
                case "quit" or "exit":
                    return false;
                case "sell":
                    var result = await SellCommand.SellAsync(terminal, new CliArgs(words), input);
                    await output.WriteLineAsync(result.ToString());
                    return true;
                case "refund":
                    var refund = await RefundCommand.RefundAsync(terminal, new CliArgs(words), cancellation);
                    await output.WriteLineAsync(refund.ToString());
                    return true;
                case "sync":
                    await output.WriteLineAsync((await terminal.Sync.PassAsync()).ToString());
                    return true;
                case "status":
                    await StatusCommand.WriteAsync(terminal, output, 5);
                    return true;
                default:
                    await output.WriteLineAsync($"error: unknown command '{words[0]}' (sell, refund, sync, status, quit)");
                    return true;
            }
        }
        catch (PosException e)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return true;
        }
    }
}
