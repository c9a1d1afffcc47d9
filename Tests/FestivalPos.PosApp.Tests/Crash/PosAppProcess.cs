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
                _lines.Enqueue(e.Data);
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

    public static string Path => typeof(PosAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PosAppAssembly").Value!;

    public IReadOnlyList<string> Lines => [.. _lines];

    public TextWriter Input => _process.StandardInput;

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL: no chance to flush, close or clean up.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        await WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits for the process to end and its output to be read to the end.</summary>
    public async Task WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        await _outputClosed.Task.WaitAsync(cancellation.Token);
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
