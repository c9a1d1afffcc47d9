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
/// <c>dotnet run --project Silo -- restore-ledger --Input=PATH</c>: restores a <c>backup-ledger</c> file into the
/// empty SQLite ledger the silo is configured for, then verifies every stream's chain and every wallet's balances
/// as <c>verify-ledger</c> does. Exits 1 naming every broken stream, 2 when refused (no Input, a ledger that
/// already holds streams, or a backend restored by other means).
/// </summary>
public static class RestoreLedgerCommand
{
    public const string Name = "restore-ledger";
    public const string InputKey = "Input";

    public static async Task<int> RunAsync(HostApplicationBuilder builder, TextWriter output)
    {
        builder.AddMasterKey();
        builder.Services.AddLedgerStorage(builder.Configuration);
        var backupPath = builder.Configuration[InputKey];
        using var host = builder.Build();
        var storage = host.Services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;
        var refusal = await RefusalAsync(storage.Provider, backupPath, host.Services);
        if (refusal is not null)
        {
            await output.WriteLineAsync($"refused: {refusal}");
            return 2;
        }

        SqliteBackup.Restore(backupPath!, storage.Sqlite.Path);
        var verification = await LedgerVerifier.VerifyAsync(host.Services.GetRequiredService<IEventStore>(), host.Services.GetRequiredService<KeyRing>().Chain, CancellationToken.None);
        await LedgerReport.WriteBrokenAsync(output, verification);
        await output.WriteLineAsync(
            $"{(verification.IsValid ? "ledger restored and verified" : "restored ledger BROKEN")}: {verification.Streams} streams, {verification.Events} events, {verification.Broken.Count} broken");
        return verification.IsValid ? 0 : 1;
    }

    private static async Task<string?> RefusalAsync(LedgerStorageProvider provider, string? backupPath, IServiceProvider services)
    {
        if (provider is not LedgerStorageProvider.Sqlite)
        {
            return "restore-ledger restores SQLite ledgers; restore Cosmos DB with the account's point-in-time restore and PostgreSQL with pg_restore (README, Backups)";
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
