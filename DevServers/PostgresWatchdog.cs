using System.Collections.Concurrent;
using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>
/// The one place a throwaway PostgreSQL server is stopped and its folder deleted: a shell that waits for its
/// standard input to close, then runs <c>pg_ctl stop -m immediate</c> and <c>rm -rf</c>. <see cref="Stop"/> closes
/// that input; the kernel closes it when the process that started the server dies, however it dies (SIGKILL
/// included), as <see cref="NodeProgram"/> relies on for node. It runs in a session of its own and is no child of
/// that process (<c>setsid --fork</c>), so neither a signal to the process group nor a kill of the process tree
/// takes it along.
/// </summary>
internal sealed class PostgresWatchdog
{
    /// <summary>$1: the server's folder; $2: its cluster; the rest: the pg_ctl command. Errors are written last, when nothing is left to do.</summary>
    private const string Script = """
        folder=$1; cluster=$2; shift 2
        cat >/dev/null
        status=0
        if [ -f "$cluster/postmaster.pid" ]; then
          errors=$("$@" -D "$cluster" -m immediate -w stop 2>&1 >/dev/null) || status=$?
        fi
        rm -rf "$folder"
        [ "$status" -eq 0 ] || echo "pg_ctl stop exited with $status: $errors" >&2
        """;

    /// <summary>Every watchdog not yet stopped: a server nobody holds any more must not stop when its pipe is garbage-collected.</summary>
    private static readonly ConcurrentDictionary<PostgresWatchdog, bool> Watching = new();

    private readonly Process _shell;
    private readonly string _folder;

    private PostgresWatchdog(Process shell, string folder)
    {
        _shell = shell;
        _folder = folder;
    }

    /// <summary>Starts watching <paramref name="folder"/>, whose server is stopped with <paramref name="pgCtlCommand"/>.</summary>
    public static PostgresWatchdog Start(string folder, string cluster, IEnumerable<string> pgCtlCommand)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--fork", "sh", "-c", Script, "festivalpos-pg-watchdog", folder, cluster, .. pgCtlCommand])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var shell = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the PostgreSQL watchdog.");
        var watchdog = new PostgresWatchdog(shell, folder);
        Watching[watchdog] = true;
        return watchdog;
    }

    /// <summary>Stops the server and deletes its folder, and waits until both are done.</summary>
    public void Stop()
    {
        Watching.TryRemove(this, out _);
        _shell.StandardInput.Close();
        // The shell holds its standard error open until it exits.
        var errors = _shell.StandardError.ReadToEnd();
        _shell.Dispose();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException($"Stopping the PostgreSQL server in {_folder}: {errors}");
        }
    }
}
