using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Silo;

/// <summary>
/// <c>dotnet run --project Silo -- copy-ledger --Target:Provider=Cosmos ...</c>: copies the ledger the silo is
/// configured for (Ledger:Storage, the source) into an empty store configured under Target (the same keys as
/// Ledger:Storage: <c>Target:Cosmos:AccountEndpoint</c> or <c>Target:Cosmos:ConnectionString</c>, ...), then
/// compares the two and verifies the target as <c>verify-ledger</c> does. Exits 1 on any difference or broken
/// stream, 2 when the target already holds a stream.
/// </summary>
public static class CopyLedgerCommand
{
    public const string Name = "copy-ledger";
    public const string TargetSectionName = "Target";

    /// <param name="builder">A host builder with the ledger storage and the master key (<see cref="LedgerCommands.Builder"/>).</param>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        using var host = builder.Build();
        await using var targetServices = new ServiceCollection().AddLogging()
            .AddLedgerStorage(builder.Configuration, TargetSectionName).BuildServiceProvider();
        await host.Services.GetRequiredService<IEventStoreBackend>().InitializeAsync(CancellationToken.None);
        await targetServices.GetRequiredService<IEventStoreBackend>().InitializeAsync(CancellationToken.None);
        var source = host.Services.GetRequiredService<IEventStore>();
        var target = targetServices.GetRequiredService<IEventStore>();
        await foreach (var streamId in target.ListStreamsAsync("", CancellationToken.None))
        {
            await output.WriteLineAsync($"refused: the target already holds streams ({streamId}, ...); copy-ledger copies into an empty ledger only");
            return 2;
        }

        var copy = await LedgerCopier.CopyAsync(source, target, CancellationToken.None);
        var verification = await LedgerVerifier.VerifyAsync(target, targetServices.GetRequiredService<ILedgerFeed>(), host.Services.GetRequiredService<KeyRing>().Chain, CancellationToken.None);
        foreach (var difference in copy.Differences)
        {
            await output.WriteLineAsync($"DIFFERENT {difference}");
        }

        await LedgerReport.WriteBrokenAsync(output, verification);

        var ok = copy.Differences.Count == 0 && verification.IsValid;
        await output.WriteLineAsync(
            $"{(ok ? "ledger copied and verified" : "ledger copy FAILED")}: {copy.Streams} streams, {copy.Events} events, {copy.IndexEntries} index entries copied; " +
            $"{copy.Differences.Count} differences; target {verification.Streams} streams, {verification.Events} events, {verification.Broken.Count} broken");
        return ok ? 0 : 1;
    }
}
