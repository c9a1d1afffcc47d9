using FestivalPos.Grains.Keys;
using FestivalPos.Grains.Restores;
using FestivalPos.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Silo;

/// <summary>
/// <c>dotnet run --project Silo -- start-ledger-epoch</c>: starts a new ledger epoch on the ledger the silo is configured
/// for, with the silos stopped, when the ledger was put back by other means than <c>restore-ledger</c> (a Cosmos DB
/// point-in-time restore): terminals then send again what they settled after the point restored. Exits 0.
/// </summary>
public static class StartLedgerEpochCommand
{
    public const string Name = "start-ledger-epoch";

    /// <param name="builder">A host builder with the ledger storage and the master key (<see cref="LedgerCommands.Builder"/>).</param>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        using var host = builder.Build();
        await host.Services.GetRequiredService<IEventStoreBackend>().InitializeAsync(CancellationToken.None);
        var epoch = await LedgerEpoch.RecordRestoreAsync(
            host.Services.GetRequiredService<IEventStore>(), host.Services.GetRequiredService<KeyRing>().Chain, "restored outside restore-ledger", DateTimeOffset.UtcNow);
        await WriteAsync(output, epoch);
        return 0;
    }

    /// <summary>The line both commands end with when they start an epoch.</summary>
    public static Task WriteAsync(TextWriter output, string epoch) =>
        output.WriteLineAsync($"ledger epoch {epoch}: terminals send again what they settled after the backup");
}
