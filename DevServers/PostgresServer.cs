using System.Diagnostics;
using FestivalPos.Storage.PostgreSql;
using Npgsql;

namespace FestivalPos.DevServers;

/// <summary>
/// A throwaway real PostgreSQL server: initdb into a temporary folder, started with pg_ctl on
/// 127.0.0.1 and a free port (as the postgres user when running as root), with fsync and
/// synchronous_commit on. <see cref="Start"/> gives a server of one's own that stops, and deletes
/// its folder, when disposed; <see cref="Shared"/> is one server for a whole test run, stopped
/// when the process exits. Either way a <see cref="PostgresWatchdog"/> stops the server and deletes
/// its folder if the process that started it dies first. Each caller of <see cref="CreateDatabase"/>
/// gets its own fresh database.
/// </summary>
public sealed class PostgresServer : IDisposable, IAsyncDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databaseCounter;

    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private PostgresWatchdog? _watchdog;
    private int _stopped;

    private PostgresServer(string binDirectory, string dataDirectory, int port)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    /// <summary>One server shared by every caller in the process; it stops when the process exits.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>The temporary folder holding the cluster, its socket and its log.</summary>
    public string DataDirectory => _dataDirectory;

    public string AdminConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Starts a server of its own; disposing it stops the server and deletes its files.</summary>
    public static PostgresServer Start(IEnumerable<string>? extraSettings = null)
    {
        var binDirectory = FindBinDirectory();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var server = new PostgresServer(binDirectory, dataDirectory, LoopbackPorts.Free());
        try
        {
            server._watchdog = PostgresWatchdog.Start(dataDirectory, server.Cluster, server.AsPostgres("pg_ctl"));
            server.InitializeAndStart(extraSettings ?? []);
        }
        catch
        {
            server.Stop();
            throw;
        }

        return server;
    }

    /// <inheritdoc cref="Start"/>
    public static Task<PostgresServer> StartAsync(IEnumerable<string>? extraSettings = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Start(extraSettings), cancellationToken);

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

    /// <summary>Runs a statement as the superuser in the postgres database (e.g. CREATE EXTENSION).</summary>
    public void ExecuteAdmin(string sql, string database = "postgres")
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database };
        using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Stops the server immediately and deletes its folder; safe to call more than once.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_watchdog is null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
            return;
        }

        _watchdog.Stop();
    }

    public void Dispose() => Stop();

    public ValueTask DisposeAsync() => new(Task.Run(Stop));

    private static PostgresServer StartShared()
    {
        var server = Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void InitializeAndStart(IEnumerable<string> extraSettings)
    {
        if (RunningAsRoot)
        {
            Run("chown", $"postgres \"{_dataDirectory}\"");
        }

        RunAsPostgres("initdb", $"-D \"{Cluster}\" -U postgres -A trust -E UTF8 --no-instructions");
        var options = $"-p {Port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                      "-c fsync=on -c synchronous_commit=on -c shared_buffers=256MB" +
                      string.Concat(extraSettings.Select(setting => $" -c {setting}"));
        RunAsPostgres("pg_ctl", $"-D \"{Cluster}\" -o \"{options}\" -l \"{_dataDirectory}/server.log\" -w -t 60 start");
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private string Cluster => Path.Combine(_dataDirectory, "cluster");

    /// <summary>The command line that runs <paramref name="tool"/> as the postgres user (the current one unless root).</summary>
    private string[] AsPostgres(string tool)
    {
        var path = Path.Combine(_binDirectory, tool);
        return RunningAsRoot ? ["runuser", "-u", "postgres", "--", path] : [path];
    }

    private void RunAsPostgres(string tool, string arguments)
    {
        var command = AsPostgres(tool);
        Run(command[0], string.Join(' ', command[1..].Select(argument => $"\"{argument}\"").Append(arguments)));
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
        var pgCtl = PostgresTools.Find("pg_ctl");
        return Path.IsPathRooted(pgCtl) && File.Exists(pgCtl)
            ? Path.GetDirectoryName(pgCtl)!
            : throw new InvalidOperationException("PostgreSQL server binaries not found: install the postgresql package or set POSTGRES_BIN.");
    }
}
