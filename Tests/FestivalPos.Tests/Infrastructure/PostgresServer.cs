using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the test run: initdb into a temporary folder, started with pg_ctl
/// on 127.0.0.1 and a free port, as the postgres user when the tests run as root, and stopped when
/// the test process exits. Each caller gets its own fresh database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string _binDirectory;
    private readonly string _dataDirectory;

    private PostgresServer(string binDirectory, string dataDirectory, int port)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Creates an empty database and answers its connection string.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}".ToLowerInvariant();
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=50";
    }

    private static PostgresServer Start()
    {
        var binDirectory = FindBinDirectory();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var server = new PostgresServer(binDirectory, dataDirectory, port);
        server.InitializeAndStart();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void InitializeAndStart()
    {
        if (RunningAsRoot)
        {
            Run("chown", $"postgres \"{_dataDirectory}\"");
        }

        var cluster = Path.Combine(_dataDirectory, "cluster");
        RunAsPostgres("initdb", $"-D \"{cluster}\" -U postgres -A trust -E UTF8 --no-instructions");
        var options = $"-p {Port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                      "-c fsync=on -c synchronous_commit=on -c shared_buffers=256MB";
        RunAsPostgres("pg_ctl", $"-D \"{cluster}\" -o \"{options}\" -l \"{_dataDirectory}/server.log\" -w -t 60 start");
    }

    private void Stop()
    {
        try
        {
            RunAsPostgres("pg_ctl", $"-D \"{Path.Combine(_dataDirectory, "cluster")}\" -m immediate -w stop");
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private void RunAsPostgres(string tool, string arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        if (RunningAsRoot)
        {
            Run("runuser", $"-u postgres -- \"{path}\" {arguments}");
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string fileName, string arguments)
    {
        var startInfo = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {arguments} exited with {process.ExitCode}: {output.Result} {error.Result}");
        }
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found: install the postgresql package or set POSTGRES_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
