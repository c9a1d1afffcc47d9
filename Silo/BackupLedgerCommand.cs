using System.Diagnostics;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Keys;
using FestivalPos.Silo.Keys;
using FestivalPos.Storage;
using FestivalPos.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Silo;

/// <summary>
/// <c>dotnet run --project Silo -- backup-ledger --Output=PATH</c>: copies the SQLite ledger the silo is configured
/// for into a new owner-only file with SQLite's online backup (the silo may keep running), then verifies the copy
/// as <c>verify-ledger</c> does. Exits 1 when the copy does not verify, 2 when refused (no Output, Output exists,
/// or a backend backed up by other means).
/// </summary>
public static class BackupLedgerCommand
{
    public const string Name = "backup-ledger";
    public const string OutputKey = "Output";

    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        builder.AddMasterKey();
        builder.Services.AddLedgerStorage(builder.Configuration);
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
        var stopwatch = Stopwatch.StartNew();
        try
        {
            SqliteBackup.Backup(storage.Sqlite.Path, backupPath!);
        }
        catch (IOException exception)
        {
            await output.WriteLineAsync($"refused: {exception.Message}");
            return 2;
        }

        var elapsed = stopwatch.Elapsed;
        var verification = await VerifySqliteAsync(backupPath!, host.Services.GetRequiredService<KeyRing>().Chain);
        await LedgerReport.WriteBrokenAsync(output, verification);
        await output.WriteLineAsync(
            $"{(verification.IsValid ? "backup written and verified" : "backup BROKEN")}: {verification.Streams} streams, {verification.Events} events, " +
            $"{new FileInfo(backupPath!).Length} bytes in {elapsed.TotalMilliseconds:F0} ms to {Path.GetFullPath(backupPath!)}, {verification.Broken.Count} broken");
        return verification.IsValid ? 0 : 1;
    }

    private static string? Refusal(LedgerStorageProvider provider, string? backupPath) => provider switch
    {
        LedgerStorageProvider.Cosmos =>
            "a Cosmos DB ledger is backed up by the account's continuous backup (bicep/modules/cosmos.bicep, Continuous30Days); restore it with the account's point-in-time restore (README, Backups)",
        LedgerStorageProvider.PostgreSql => "backup-ledger copies SQLite ledgers; back up a PostgreSQL ledger with pg_dump --format=custom (README, Backups)",
        _ when string.IsNullOrWhiteSpace(backupPath) => $"name the backup file with --{OutputKey}=PATH",
        _ => null,
    };

    /// <summary>Opens the copy as a ledger of its own and audits it with the master key's chain.</summary>
    private static async Task<LedgerVerification> VerifySqliteAsync(string path, HashChain chain)
    {
        await using var backend = new SqliteEventStoreBackend(path);
        await using var store = new GroupCommitEventStore(backend, new GroupCommitOptions());
        return await LedgerVerifier.VerifyAsync(store, chain, CancellationToken.None);
    }
}
