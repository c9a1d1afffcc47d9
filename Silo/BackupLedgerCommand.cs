using System.Diagnostics;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Keys;
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
/// <c>dotnet run --project Silo -- backup-ledger --Output=PATH</c>: backs up the ledger the silo is configured for into
/// a new owner-only file while the silos may keep running, then verifies what it can. SQLite: an online backup,
/// opened as a ledger of its own and verified as <c>verify-ledger</c> does. PostgreSQL: a <c>pg_dump</c> archive
/// whose table of contents pg_restore reads, beside the source ledger verified (the archive itself is verified when
/// restored). Exits 1 when a step fails or a stream is broken, 2 when refused (no Output, Output exists, or Cosmos DB,
/// backed up by its account).
/// </summary>
public static class BackupLedgerCommand
{
    public const string Name = "backup-ledger";
    public const string OutputKey = "Output";

    /// <param name="builder">A host builder with the ledger storage and the master key (<see cref="LedgerCommands.Builder"/>).</param>
    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        var backupPath = builder.Configuration[OutputKey];
        using var host = builder.Build();
        var storage = host.Services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;
        var refusal = Refusal(storage.Provider, backupPath);
        if (refusal is not null)
        {
            await output.WriteLineAsync($"refused: {refusal}");
            return 2;
        }

        await host.Services.GetRequiredService<IEventStoreBackend>().InitializeAsync(CancellationToken.None);
        var chain = host.Services.GetRequiredService<KeyRing>().Chain;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var (verification, verified) = storage.Provider is LedgerStorageProvider.Sqlite
                ? await BackupSqliteAsync(storage.Sqlite.Path, backupPath!, chain)
                : await BackupPostgresAsync(storage.PostgreSql.ConnectionString!, backupPath!, host.Services.GetRequiredService<IEventStore>(), host.Services.GetRequiredService<ILedgerFeed>(), chain);
            await LedgerReport.WriteBrokenAsync(output, verification);
            await output.WriteLineAsync(
                $"{(verification.IsValid ? "backup written and verified" : "backup BROKEN")} ({verified}): {verification.Streams} streams, {verification.Events} events, " +
                $"{verification.Broken.Count} broken; {new FileInfo(backupPath!).Length} bytes in {stopwatch.ElapsedMilliseconds} ms to {Path.GetFullPath(backupPath!)}");
            return verification.IsValid ? 0 : 1;
        }
        catch (IOException exception)
        {
            await output.WriteLineAsync($"backup FAILED: {exception.Message}");
            return 1;
        }
    }

    private static string? Refusal(LedgerStorageProvider provider, string? backupPath) => provider switch
    {
        LedgerStorageProvider.Cosmos =>
            "a Cosmos DB ledger is backed up by its account's continuous backup (bicep/modules/cosmos.bicep, Continuous30Days); restore it with the account's point-in-time restore (README, Backups and restore)",
        _ when string.IsNullOrWhiteSpace(backupPath) => $"name the backup file with --{OutputKey}=PATH",
        _ when File.Exists(backupPath) => $"{Path.GetFullPath(backupPath)} exists; backup-ledger writes a new file only",
        _ => null,
    };

    /// <summary>Copies the ledger, then opens the copy as a ledger of its own and audits it with the master key's chain.</summary>
    private static async Task<(LedgerVerification, string)> BackupSqliteAsync(string databasePath, string backupPath, HashChain chain)
    {
        SqliteBackup.Backup(databasePath, backupPath);
        await using var backend = new SqliteEventStoreBackend(backupPath);
        await using var store = new GroupCommitEventStore(backend, new GroupCommitOptions());
        return (await LedgerVerifier.VerifyAsync(store, backend, chain, CancellationToken.None), "the copy");
    }

    /// <summary>Dumps the database, reads the archive's table of contents back, and audits the source ledger.</summary>
    private static async Task<(LedgerVerification, string)> BackupPostgresAsync(string connectionString, string backupPath, IEventStore source, ILedgerFeed feed, HashChain chain)
    {
        await PostgresBackup.BackupAsync(connectionString, backupPath, CancellationToken.None);
        var tables = await PostgresBackup.CountTablesAsync(connectionString, backupPath, CancellationToken.None);
        return (await LedgerVerifier.VerifyAsync(source, feed, chain, CancellationToken.None), $"the archive lists {tables} tables; the source ledger after the dump");
    }
}
