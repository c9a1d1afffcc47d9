using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Silo;

/// <summary>
/// <c>dotnet run --project Silo -- verify-ledger</c>: audits the ledger the silo is configured for (same
/// Ledger:Storage and Keys settings), prints what it checked and every broken stream, and exits 1 if any.
/// </summary>
public static class VerifyLedgerCommand
{
    public const string Name = "verify-ledger";

    /// <param name="builder">A host builder with the ledger storage and the master key (<see cref="LedgerCommands.Builder"/>).</param>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        using var host = builder.Build();
        var backend = host.Services.GetRequiredService<IEventStoreBackend>();
        await backend.InitializeAsync(CancellationToken.None);
        var verification = await LedgerVerifier.VerifyAsync(host.Services.GetRequiredService<IEventStore>(), host.Services.GetRequiredService<ILedgerFeed>(), host.Services.GetRequiredService<KeyRing>().Chain, CancellationToken.None);
        await LedgerReport.WriteBrokenAsync(output, verification);

        await output.WriteLineAsync($"{(verification.IsValid ? "ledger verified" : "ledger BROKEN")}: {verification.Streams} streams, {verification.Events} events, {verification.Broken.Count} broken");
        return verification.IsValid ? 0 : 1;
    }
}
