using System.Text.Json;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Simulation;

/// <summary>What a line of the sales log is: a sale, or a refund of one.</summary>
public static class LoggedKinds
{
    public const string Sale = "sale";
    public const string Refund = "refund";
}

/// <summary>One sale of the simulation as its cashier was told it, with its lines: a line of the sales log.</summary>
public sealed record LoggedSale(string Kind, string DeviceId, long? Seq, string Verdict, string? Mode, string? WalletId, long Amount, string? Reason, IReadOnlyList<SaleLine>? Lines);

/// <summary>
/// One refund of the simulation as its cashier was told it (<see cref="RefundResult.Answer"/>), with the cups it gave back
/// when it was asked as a cup return: a line of the sales log.
/// </summary>
public sealed record LoggedRefund(
    string Kind, string DeviceId, long Seq, string RefundId, string Verdict, string? Status, string WalletId, long Amount, int? Cups, long? Balance, long? Refundable, string? Reason);

/// <summary>Every sale and refund of a simulation, one JSON object per line, written as the cashiers ring them up (from any terminal).</summary>
public sealed class SalesLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public SalesLog(string path)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false) { AutoFlush = true };
    }

    public string Path { get; }

    public void Write(string deviceId, SaleResult result, IReadOnlyList<SaleLine> lines) => WriteLine(
        new LoggedSale(LoggedKinds.Sale, deviceId, result.Seq, result.Verdict.ToString().ToLowerInvariant(), result.Mode, result.WalletId, result.Amount, result.Reason, lines));

    public void Write(string deviceId, string walletId, int? cups, RefundResult result) => WriteLine(new LoggedRefund(
        LoggedKinds.Refund, deviceId, result.Refund.Seq, result.Refund.RefundId, result.Answer, result.Status, walletId, result.Refund.Amount, cups, result.Balance, result.Refundable, result.Reason));

    private void WriteLine<T>(T entry)
    {
        var line = JsonSerializer.Serialize(entry, Json.Options);
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
