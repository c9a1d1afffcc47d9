namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>posapp sync</c>: one pass (exit 0 complete, 75 when the gateway is away); <c>--watch</c> keeps syncing until Ctrl+C;
/// <c>--progress</c> prints a line before each batch is sent and each unanswered charge is asked again.
/// </summary>
public static class SyncCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellation)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        if (args.Has("progress"))
        {
            RunCommand.ReportProgress(terminal, output);
        }

        if (args.Has("watch"))
        {
            await terminal.Sync.RunAsync(TimeSpan.FromSeconds(5), cancellation);
            return ExitCodes.Ok;
        }

        var report = await terminal.Sync.PassAsync(cancellation);
        await output.WriteLineAsync(report.ToString());
        var backlog = await terminal.Outbox.BacklogAsync();
        await output.WriteLineAsync($"backlog={backlog.Count} ackedThrough={backlog.AckedThrough}");
        return report.Complete ? ExitCodes.Ok : ExitCodes.Unreachable;
    }
}
