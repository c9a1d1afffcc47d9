using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Cli;

/// <summary><c>posapp refund</c>: gives back (part of) a sale of this terminal; exits 0 refunded, 2 refused, 3 unconfirmed (run it again).</summary>
public static class RefundCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output, CancellationToken cancellation)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        var result = await RefundAsync(terminal, args, cancellation);
        await output.WriteLineAsync(result.ToString());
        return SellCommand.ExitCode(result.Verdict);
    }

    /// <summary>The refund <c>--seq N [--amount A | --cups K] [--refund-id ID]</c> asks for, checked before anything is written.</summary>
    public static Task<RefundResult> RefundAsync(Terminal terminal, CliArgs args, CancellationToken cancellation)
    {
        var seq = args.RequiredLong("seq");
        var amount = args.Long("amount");
        var cups = args.Long("cups");
        if (seq < 1 || amount is < 1 || cups is < 1 or > Wire.Contracts.SaleLines.MaxQuantity || (amount is not null && cups is not null))
        {
            throw new PosException(ExitCodes.Usage, "refund --seq N [--amount A | --cups K] [--refund-id ID]: N, A and K positive, at most one of --amount and --cups.");
        }

        return terminal.Refunder.RefundAsync(seq, amount, (int?)cups, args.Get("refund-id"), cancellation);
    }
}
