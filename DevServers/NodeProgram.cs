using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>
/// A Node.js program from an npm package, started so that it never outlives the process that started it:
/// it exits when its standard input closes, which the kernel does when that process ends, however it ends
/// (SIGKILL included). Its output is redirected; the caller reads it.
/// </summary>
internal static class NodeProgram
{
    /// <summary>Runs the program (the next argument) until standard input closes.</summary>
    private const string ExitWithParent = "process.stdin.on('end', () => process.exit(0)).resume(); require(process.argv[1]);";

    public static Process Start(string scriptPath, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-e", ExitWithParent, scriptPath, .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start node with {scriptPath}.");
    }
}
