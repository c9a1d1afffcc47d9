using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Keys;
using FestivalPos.Grains.Restores;
using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Silo;

/// <summary>
/// <c>dotnet run --project Silo -- restore-ledger --Input=PATH</c>: restores a <c>backup-ledger</c> file into the
/// empty ledger the silo is configured for (SQLite: copied into place; PostgreSQL: pg_restore), then verifies every stream's chain and every wallet's balances
/// as <c>verify-ledger</c> does, and starts a new ledger epoch (<see cref="LedgerEpoch"/>). Exits 1 naming every broken stream or when the restore fails, 2 when refused (no
/// Input, a ledger that already holds streams, or Cosmos DB, restored by its account).
/// </summary>
public static class RestoreLedgerCommand
{
    public const string Name = "restore-ledger";
    public const string InputKey = "Input";

    /// <param name="builder">A host builder with the ledger storage and the master key (<see cref="LedgerCommands.Builder"/>).</param>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        var backupPath = builder.Configuration[InputKey];
        using var host = builder.Build();
        var storage = host.Services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;
        var refusal = await RefusalAsync(storage.Provider, backupPath, host.Services);
        if (refusal is not null)
        {
            await output.WriteLineAsync($"refused: {refusal}");
            return 2;
        }

        try
        {
            await RestoreAsync(storage, backupPath!);
        }
        catch (IOException exception)
        {
            await output.WriteLineAsync($"restore FAILED: {exception.Message}");
            return 1;
        }

        // A fresh store: the restore replaced the tables under the pooled connections of the first one.
        await using var restored = new ServiceCollection().AddLogging().AddLedgerStorage(builder.Configuration).BuildServiceProvider();
        var verification = await LedgerVerifier.VerifyAsync(restored.GetRequiredService<IEventStore>(), restored.GetRequiredService<ILedgerFeed>(), host.Services.GetRequiredService<KeyRing>().Chain, CancellationToken.None);
        await LedgerReport.WriteBrokenAsync(output, verification);
        await output.WriteLineAsync(
            $"{(verification.IsValid ? "ledger restored and verified" : "restored ledger BROKEN")}: {verification.Streams} streams, {verification.Events} events, {verification.Broken.Count} broken");
        if (!verification.IsValid)
        {
            return 1;
        }

        // A new epoch tells every terminal that the ledger forgot what was decided after the backup (README, Backups and restore).
        var epoch = await LedgerEpoch.RecordRestoreAsync(
            restored.GetRequiredService<IEventStore>(), host.Services.GetRequiredService<KeyRing>().Chain, Path.GetFileName(backupPath!), DateTimeOffset.UtcNow);
        await StartLedgerEpochCommand.WriteAsync(output, epoch);
        return 0;
    }

    private static async Task RestoreAsync(LedgerStorageOptions storage, string backupPath)
    {
        if (storage.Provider is LedgerStorageProvider.Sqlite)
        {
            SqliteBackup.Restore(backupPath, storage.Sqlite.Path);
            return;
        }

        await PostgresBackup.RestoreAsync(storage.PostgreSql.ConnectionString!, backupPath, CancellationToken.None);
    }

    private static async Task<string?> RefusalAsync(LedgerStorageProvider provider, string? backupPath, IServiceProvider services)
    {
        if (provider is LedgerStorageProvider.Cosmos)
        {
            return "a Cosmos DB ledger is restored with its account's point-in-time restore (README, Backups and restore)";
        }

        if (string.IsNullOrWhiteSpace(backupPath) || !File.Exists(backupPath))
        {
            return $"name an existing backup file with --{InputKey}=PATH";
        }

        await services.GetRequiredService<IEventStoreBackend>().InitializeAsync(CancellationToken.None);
        await foreach (var streamId in services.GetRequiredService<IEventStore>().ListStreamsAsync("", CancellationToken.None))
        {
            return $"the ledger already holds streams ({streamId}, ...); restore-ledger restores into an empty ledger only";
        }

        return null;
    }
}
