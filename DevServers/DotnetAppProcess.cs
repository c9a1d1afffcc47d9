using System.Collections.Concurrent;
using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>
/// A built .NET app run as its own process (<c>dotnet app.dll arguments</c>), as an operator runs it:
/// its output is kept (the most recent lines) for a failure message, it can be SIGKILLed like a crash
/// or an out-of-memory kill, and disposing it stops it (SIGTERM, then SIGKILL after a grace period).
/// </summary>
public sealed class DotnetAppProcess : IAsyncDisposable
{
    private const int KeptLines = 400;
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private DotnetAppProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="assemblyPath"/> with <paramref name="arguments"/>; its appsettings.json is found beside it.</summary>
    public static DotnetAppProcess Start(
        string name, string assemblyPath, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The {name} is not built at {assemblyPath}; build the solution first.", assemblyPath);
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        startInfo.ArgumentList.Add("--contentRoot");
        startInfo.ArgumentList.Add(Path.GetDirectoryName(assemblyPath)!);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var app = new DotnetAppProcess(name, Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start the {name}."));
        app._process.OutputDataReceived += (_, line) => app.Keep(line.Data);
        app._process.ErrorDataReceived += (_, line) => app.Keep(line.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    /// <summary>The last lines the process wrote (stdout and stderr), prefixed with its name.</summary>
    public string RecentOutput(int lines = 60) => string.Join('\n', _output.TakeLast(lines).Select(line => $"[{Name}] {line}"));

    /// <summary>
    /// SIGKILL: no chance to flush, finish a write or say goodbye. The process itself is signalled first, at once
    /// (finding its children first takes a scan of /proc, long enough for requests in flight to finish), then any children.
    /// </summary>
    public void Kill()
    {
        _process.Kill();
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone, children and all.
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the process's output when it exits or the time is up.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var reason = _process.HasExited ? $"it exited with code {_process.ExitCode}" : $"not within {timeout}";
                throw new InvalidOperationException($"The {Name} did not {what}: {reason}.\n{RecentOutput()}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ChildProcesses.StopAsync(_process, StopGracePeriod);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }
    }
}
