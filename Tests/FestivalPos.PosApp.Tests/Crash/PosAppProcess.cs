using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>The built <c>posapp</c> run as its own process, its output collected line by line, killed with SIGKILL on demand.</summary>
public sealed class PosAppProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<LineTrigger> _triggers = [];
    private readonly Lock _gate = new();

    public PosAppProcess(params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        _process = Process.Start(startInfo)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _outputClosed.TrySetResult();
            }
            else
            {
                Received(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Enqueue($"stderr: {e.Data}");
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the output reader's thread as soon as the <paramref name="occurrence"/>-th line matching
    /// <paramref name="match"/> is read (counting lines already read); the task completes then.
    /// </summary>
    public Task OnLine(Func<string, bool> match, int occurrence, Action action)
    {
        var trigger = new LineTrigger(match, occurrence, action);
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                trigger.See(line);
            }

            if (!trigger.Fired)
            {
                _triggers.Add(trigger);
            }
        }

        return trigger.Done;
    }

    /// <summary>SIGKILL the moment the process reports the <paramref name="occurrence"/>-th line matching <paramref name="match"/>.</summary>
    public Task KillAt(Func<string, bool> match, int occurrence) => OnLine(match, occurrence, Kill);

    public static string Path => typeof(PosAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PosAppAssembly").Value!;

    public IReadOnlyList<string> Lines => [.. _lines];

    public TextWriter Input => _process.StandardInput;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>SIGKILL: no chance to flush, close or clean up.</summary>
    public async Task KillAsync()
    {
        Kill();
        await WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits for the process to end and its output to be read to the end.</summary>
    public async Task WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        await _outputClosed.Task.WaitAsync(cancellation.Token);
    }

    private void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    private void Received(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            foreach (var trigger in _triggers)
            {
                trigger.See(line);
            }

            _triggers.RemoveAll(t => t.Fired);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}

/// <summary>An action to run at the n-th output line that matches.</summary>
internal sealed class LineTrigger(Func<string, bool> match, int occurrence, Action action)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _seen;

    public bool Fired => _done.Task.IsCompleted;

    public Task Done => _done.Task;

    public void See(string line)
    {
        if (Fired || !match(line) || ++_seen < occurrence)
        {
            return;
        }

        action();
        _done.TrySetResult();
    }
}
