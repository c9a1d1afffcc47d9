using System.Globalization;

namespace FestivalPos.PosApp.Cli;

/// <summary><c>posapp status</c>: identity, backlog, oldest unsynced sale, snapshot, recent sales.</summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        await WriteAsync(terminal, output, (int)(args.Long("recent") ?? 10));
        return ExitCodes.Ok;
    }

    public static async Task WriteAsync(Terminal terminal, TextWriter output, int recent)
    {
        var backlog = await terminal.Outbox.BacklogAsync();
        var (wallets, refreshedAt) = await terminal.Snapshot.SummaryAsync();
        var e = terminal.Enrollment;
        await output.WriteLineAsync($"device={e.DeviceId} stand={e.StandId} gateway={e.GatewayUrl} offlineMaxPerWallet={e.MaxPerWallet}");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"backlog={backlog.Count} oldestUnsyncedSeconds={(backlog.OldestAge is { } age ? Math.Round(age.TotalSeconds, 1) : 0)} ackedThrough={backlog.AckedThrough}"));
        await output.WriteLineAsync($"snapshot wallets={wallets} refreshedAt={refreshedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}");
        foreach (var sale in await terminal.Outbox.RecentAsync(recent))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  seq={sale.Seq} {sale.State} mode={sale.Mode} wallet={sale.WalletId} amount={sale.Amount} items={sale.Items} at={sale.CreatedAt}{(sale.Reason is null ? string.Empty : $" reason={sale.Reason}")}"));
        }
    }
}
