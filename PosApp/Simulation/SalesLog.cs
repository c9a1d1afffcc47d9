using System.Text.Json;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Simulation;

/// <summary>One sale of the simulation as its cashier was told it, with its lines: a line of the sales log.</summary>
public sealed record LoggedSale(string DeviceId, long? Seq, string Verdict, string? Mode, string? WalletId, long Amount, string? Reason, IReadOnlyList<SaleLine>? Lines);

/// <summary>Every sale of a simulation, one JSON object per line, written as the cashiers ring them up (from any terminal).</summary>
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

    public void Write(string deviceId, SaleResult result, IReadOnlyList<SaleLine> lines)
    {
        var line = JsonSerializer.Serialize(
            new LoggedSale(deviceId, result.Seq, result.Verdict.ToString().ToLowerInvariant(), result.Mode, result.WalletId, result.Amount, result.Reason, lines), Json.Options);
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
