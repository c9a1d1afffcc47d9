using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>Stopping the processes a test or benchmark started, the way an operator would, and making sure.</summary>
public static class ChildProcesses
{
    /// <summary>SIGTERM, then up to <paramref name="grace"/> to exit, then the whole process tree is killed.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        await SignalAsync(process.Id, "TERM");

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, STOP, CONT...) to a process, as <c>kill -SIGNAL pid</c> does.</summary>
    public static async Task SignalAsync(int processId, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Kills a process that should already be gone (a supervised child whose parent died); 0 means none.</summary>
    public static void KillIfRunning(int processId)
    {
        if (processId == 0)
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            process.Kill();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // Already gone, as it should be.
        }
    }
}
