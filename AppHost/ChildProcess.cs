using System.Diagnostics;
using System.Reflection;

namespace FestivalPos.AppHost;

/// <summary>One of the system's processes (a .NET app run with `dotnet`), its output prefixed with its name.</summary>
public sealed class ChildProcess(string name, string assemblyMetadataKey, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
{
    private Process? _process;

    public string Name => name;

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process!.WaitForExitAsync(cancellationToken);

    public int ExitCode => _process!.ExitCode;

    public void Start()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var assemblyPath = AssemblyPath();
        startInfo.ArgumentList.Add(assemblyPath);

        // Its appsettings.json lies beside it; data folders stay relative to the working directory.
        startInfo.ArgumentList.Add("--contentRoot");
        startInfo.ArgumentList.Add(Path.GetDirectoryName(assemblyPath)!);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start the {name}.");
        _process.OutputDataReceived += (_, line) => Write(line.Data);
        _process.ErrorDataReceived += (_, line) => Write(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Asks the process to shut down (SIGTERM), and kills it if it has not within the grace period.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || !await TerminateAsync(process.Id))
        {
            process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(gracePeriod);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private string AssemblyPath()
    {
        var path = typeof(ChildProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == assemblyMetadataKey).Value!;
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The {name} is not built at {path}; build the solution first.", path);
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"[{name}] {line}");
        }
    }

    /// <summary>SIGTERM, so the process shuts down gracefully (.NET's own Kill is SIGKILL).</summary>
    private static async Task<bool> TerminateAsync(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString()]) { UseShellExecute = false });
        if (kill is null)
        {
            return false;
        }

        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }
}
