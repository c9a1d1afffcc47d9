using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace FestivalPos.Storage.PostgreSql;

/// <summary>
/// Backs up and restores a PostgreSQL ledger with <c>pg_dump --format=custom</c> and <c>pg_restore</c>. The connection
/// settings reach them through libpq's environment (PGHOST, PGPASSWORD, ...), never their command line, which
/// every local user can read; without a password there, libpq reads <c>~/.pgpass</c>.
/// </summary>
public static class PostgresBackup
{
    /// <summary>Writes the database into a new owner-only archive; pg_dump reads it in one snapshot while the silos write.</summary>
    public static async Task BackupAsync(string connectionString, string backupPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(backupPath))!);
        OwnerOnlyFile.CreateNew(backupPath);
        await RunAsync("pg_dump", ["--format=custom", "--no-owner", $"--file={Path.GetFullPath(backupPath)}"], connectionString, cancellationToken);
    }

    /// <summary>How many tables' data the archive holds: pg_restore reads its whole table of contents to list them.</summary>
    public static async Task<int> CountTablesAsync(string connectionString, string backupPath, CancellationToken cancellationToken)
    {
        var contents = await RunAsync("pg_restore", ["--list", Path.GetFullPath(backupPath)], connectionString, cancellationToken);
        return contents.Split('\n').Count(line => line.Contains(" TABLE DATA ", StringComparison.Ordinal));
    }

    /// <summary>Replaces the database's tables (the empty schema a silo creates) with the archive's, in one transaction.</summary>
    public static async Task RestoreAsync(string connectionString, string backupPath, CancellationToken cancellationToken)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", $"--dbname={database}", Path.GetFullPath(backupPath)], connectionString, cancellationToken);
    }

    /// <summary>Runs a PostgreSQL client tool to its end; throws <see cref="IOException"/> with its error output when it fails.</summary>
    private static async Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, string connectionString, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(PostgresTools.Find(tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in LibpqEnvironment(connectionString))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new IOException($"{tool} did not start.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? await standardOutput : throw new IOException($"{tool} exited with {process.ExitCode}: {(await standardError).Trim()}");
    }

    private static IEnumerable<(string Name, string Value)> LibpqEnvironment(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        (string Name, string? Value)[] variables =
        [
            ("PGHOST", settings.Host), ("PGPORT", settings.Port.ToString(CultureInfo.InvariantCulture)), ("PGUSER", settings.Username),
            ("PGPASSWORD", settings.Password), ("PGDATABASE", settings.Database), ("PGSSLMODE", LibpqSslMode(settings.SslMode)),
        ];
        return variables.Where(variable => !string.IsNullOrEmpty(variable.Value)).Select(variable => (variable.Name, variable.Value!));
    }

    private static string LibpqSslMode(SslMode mode) => mode switch
    {
        SslMode.VerifyCA => "verify-ca",
        SslMode.VerifyFull => "verify-full",
        _ => mode.ToString().ToLowerInvariant(),
    };
}
