using System.Diagnostics;

namespace FestivalPos.Load.Harness;

/// <summary>CPU time of the harness, the gateway, the silo, PostgreSQL and the whole machine (Linux /proc).</summary>
public readonly record struct CpuSample(double Harness, double Gateway, double Silo, double Postgres, double MachineBusy, double MachineTotal, long Timestamp);

/// <summary>Cores used by each between two samples, and the machine's busy share of all its cores.</summary>
public readonly record struct CpuShare(double Harness, double Gateway, double Silo, double Postgres, double Machine)
{
    public override string ToString() =>
        $"harness {Harness:F2}, gateway {Gateway:F2}, silo {Silo:F2}, postgres {Postgres:F2} cores; machine {Machine:P0} busy";
}

public sealed class CpuMeter(Func<int> gateway, Func<int> silo)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public CpuSample Take()
    {
        var (busy, total) = Machine();
        return new CpuSample(Seconds(Environment.ProcessId), Seconds(gateway()), Seconds(silo()), Postgres(), busy, total, Stopwatch.GetTimestamp());
    }

    public static CpuShare Between(CpuSample start, CpuSample end)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var machineTotal = end.MachineTotal - start.MachineTotal;
        return new CpuShare(
            (end.Harness - start.Harness) / seconds,
            (end.Gateway - start.Gateway) / seconds,
            (end.Silo - start.Silo) / seconds,
            (end.Postgres - start.Postgres) / seconds,
            machineTotal > 0 ? (end.MachineBusy - start.MachineBusy) / machineTotal : 0);
    }

    private static double Seconds(int processId)
    {
        if (processId == 0)
        {
            return 0;
        }

        var fields = Stat($"/proc/{processId}/stat", out _);
        return fields is null ? 0 : (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }

    private static string[]? Stat(string path, out string command)
    {
        command = "";
        try
        {
            var stat = File.ReadAllText(path);
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < 0)
            {
                return null;
            }

            command = stat[(open + 1)..close];

            // Fields after the command: state(3) ... utime(14) stime(15), counted from 1 over the whole line.
            return stat[(close + 2)..].Split(' ');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static double Postgres()
    {
        double ticks = 0;
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0]))
            {
                continue;
            }

            if (Stat(Path.Combine(directory, "stat"), out var command) is { } fields && command == "postgres")
            {
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
        }

        return ticks / TicksPerSecond;
    }

    private static (double Busy, double Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var total = values.Take(8).Sum();
            var idle = values[3] + values[4];
            return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }
}
