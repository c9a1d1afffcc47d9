using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FestivalPos.DevServers;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// <c>Silo backup-ledger</c> and <c>restore-ledger</c>, as the README runs them: a SQLite ledger backed up while the
/// system keeps writing, restored into an empty ledger and verified there; a second restore into the same ledger
/// is refused, and an amount edited in a backup is named when that backup is restored. A PostgreSQL ledger makes
/// the same round trip through pg_dump and pg_restore on a throwaway server.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed partial class BackupLedgerTests(ITestOutputHelper output) : IDisposable
{
    private const long InitialBalance = 1_000;
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-backup-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_ledger_backed_up_while_selling_restores_verified_and_a_tampered_backup_is_named()
    {
        (long Streams, long Events) before, backedUp;
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            await CopyLedgerTests.SellAsync(system);
            before = Counts((await system.VerifyLedgerAsync()).Output);
            using var writing = new CancellationTokenSource();
            var writer = KeepCreatingWalletsAsync(system, writing.Token);
            var backup = await RunAsync(["backup-ledger", "--Keys:Provider=File", "--Output=backups/ledger.db"]);
            await writing.CancelAsync();
            (await writer).Should().BePositive("wallets were created while the backup ran");
            backup.ExitCode.Should().Be(0, backup.Output);
            backup.Output.Should().Contain("backup written and verified").And.Contain("0 broken");
            backedUp = Counts(backup.Output);
        }

        backedUp.Streams.Should().BeGreaterThanOrEqualTo(before.Streams);
        backedUp.Events.Should().BeGreaterThanOrEqualTo(before.Events);
        var backupFile = Path.Combine(_workingDirectory, "backups", "ledger.db");
        File.GetUnixFileMode(backupFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var restore = await RunAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={backupFile}", "--Ledger:Storage:Sqlite:Path=restored/festivalpos.db"]);
        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().Contain("ledger restored and verified").And.Contain("0 broken");
        Counts(restore.Output).Should().Be(backedUp);
        File.GetUnixFileMode(Path.Combine(_workingDirectory, "restored", "festivalpos.db")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var again = await RunAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={backupFile}", "--Ledger:Storage:Sqlite:Path=restored/festivalpos.db"]);
        again.ExitCode.Should().Be(2, again.Output);
        again.Output.Should().Contain("refused: the ledger already holds streams");

        TamperWithACharge(backupFile, "wallet/w-0");
        var tampered = await RunAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={backupFile}", "--Ledger:Storage:Sqlite:Path=tampered/festivalpos.db"]);
        tampered.ExitCode.Should().Be(1, tampered.Output);
        tampered.Output.Should().Contain("BROKEN wallet/w-0").And.Contain("restored ledger BROKEN");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_PostgreSQL_ledger_dumped_with_pg_dump_restores_verified_into_an_empty_database()
    {
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            await CopyLedgerTests.SellAsync(system);
        }

        await using var postgres = await PostgresServer.StartAsync();
        var source = postgres.CreateDatabase("backup_source");
        var target = postgres.CreateDatabase("backup_target");
        var copy = await RunAsync(["copy-ledger", "--Keys:Provider=File"], new() { ["Target__Provider"] = "PostgreSql", ["Target__PostgreSql__ConnectionString"] = source });
        copy.ExitCode.Should().Be(0, copy.Output);
        var copied = Counts(copy.Output);

        var backup = await RunAsync(["backup-ledger", "--Keys:Provider=File", "--Output=backups/ledger.dump"], PostgresLedger(source));
        backup.ExitCode.Should().Be(0, backup.Output);
        backup.Output.Should().Contain("backup written and verified").And.Contain("0 broken");
        Counts(backup.Output).Should().Be(copied);
        var backupFile = Path.Combine(_workingDirectory, "backups", "ledger.dump");
        File.GetUnixFileMode(backupFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var restore = await RunAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={backupFile}"], PostgresLedger(target));
        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().Contain("ledger restored and verified").And.Contain("0 broken");
        Counts(restore.Output).Should().Be(copied);

        var again = await RunAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={backupFile}"], PostgresLedger(target));
        again.ExitCode.Should().Be(2, again.Output);
        again.Output.Should().Contain("refused: the ledger already holds streams");
    }

    private static Dictionary<string, string> PostgresLedger(string connectionString) => new()
    {
        ["Ledger__Storage__Provider"] = "PostgreSql",
        ["Ledger__Storage__PostgreSql__ConnectionString"] = connectionString,
    };

    private async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, Dictionary<string, string>? environment = null)
    {
        var result = await RunningSystem.RunSiloCommandAsync(_workingDirectory, arguments, environment);
        output.WriteLine(result.Output);
        return result;
    }

    /// <summary>Creates and tops up one wallet after another until cancelled; answers how many it created.</summary>
    private static async Task<int> KeepCreatingWalletsAsync(RunningSystem system, CancellationToken cancellationToken)
    {
        using var http = system.CreateClient();
        var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
        var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
        var created = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await FestivalSetup.CreateWalletsAsync(organizer, topup, "during-backup", created, 1, InitialBalance);
            created++;
        }

        return created;
    }

    private static (long Streams, long Events) Counts(string commandOutput)
    {
        var match = StreamsAndEvents().Matches(commandOutput)[^1];
        return (long.Parse(match.Groups[1].Value), long.Parse(match.Groups[2].Value));
    }

    /// <summary>Lowers the amount of the stream's first charge in the backup file, leaving its hash as it was.</summary>
    private static void TamperWithACharge(string databasePath, string streamId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT version, payload FROM ledger_events WHERE stream_id = $stream ORDER BY version";
        read.Parameters.AddWithValue("$stream", streamId);
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var payload = JsonNode.Parse(reader.GetString(1))!.AsObject();
            if (payload["type"]?.GetValue<string>() == "chargeApproved")
            {
                payload["amount"] = payload["amount"]!.GetValue<long>() - 1;
                using var write = connection.CreateCommand();
                write.CommandText = "UPDATE ledger_events SET payload = $payload WHERE stream_id = $stream AND version = $version";
                write.Parameters.AddWithValue("$payload", payload.ToJsonString());
                write.Parameters.AddWithValue("$stream", streamId);
                write.Parameters.AddWithValue("$version", reader.GetInt64(0));
                write.ExecuteNonQuery().Should().Be(1);
                return;
            }
        }

        throw new InvalidOperationException($"{streamId} holds no charge to tamper with.");
    }

    [GeneratedRegex(@"(\d+) streams, (\d+) events")]
    private static partial Regex StreamsAndEvents();
}
