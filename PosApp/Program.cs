using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Screen;
using FestivalPos.PosApp.Simulation;

namespace FestivalPos.PosApp;

/// <summary>posapp: reads the command and runs it; a <see cref="PosException"/> becomes its message and exit code.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        try
        {
            var cli = new CliArgs(args);
            return cli.Command switch
            {
                "enroll" => await EnrollCommand.RunAsync(cli, Console.Out, Console.In),
                "sell" => await SellCommand.RunAsync(cli, Console.Out, Console.In),
                "sync" => await SyncCommand.RunAsync(cli, Console.Out, cancellation.Token),
                "status" => await StatusCommand.RunAsync(cli, Console.Out),
                "catalog" => await CatalogCommand.RunAsync(cli, Console.Out),
                "refund" => await RefundCommand.RunAsync(cli, Console.Out, cancellation.Token),
                "run" => await RunCommand.RunAsync(cli, Console.Out, Console.In, cancellation.Token),
                "screen" => await ScreenCommand.RunAsync(cli, Console.Out, cancellation.Token),
                "simulate" => await SimulateCommand.RunAsync(cli, Console.Out, Console.In, cancellation.Token),
                null or "help" => Help(),
                _ => throw new PosException(ExitCodes.Usage, $"Unknown command '{cli.Command}'. Run 'posapp help'."),
            };
        }
        catch (PosException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Failure;
        }
    }

    private static int Help()
    {
        Console.Out.WriteLine(Usage.Text);
        return ExitCodes.Ok;
    }
}
