using System.Diagnostics;

namespace FestivalPos.Ledger.Benchmark;

/// <summary>CPU time of this process, of the PostgreSQL processes on the machine and of the whole machine (Linux /proc).</summary>
public readonly record struct CpuSample(TimeSpan Process, TimeSpan Postgres, TimeSpan MachineBusy, TimeSpan MachineTotal, long Timestamp)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static CpuSample Take()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var (busy, total) = Machine();
        return new CpuSample(self.TotalProcessorTime, PostgresProcesses(), busy, total, Stopwatch.GetTimestamp());
    }

    /// <summary>The share of one core each used between the two samples, and the machine's busy share of all its cores.</summary>
    public static CpuShare Between(CpuSample start, CpuSample end)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var machineTotal = (end.MachineTotal - start.MachineTotal).TotalSeconds;
        return new CpuShare(
            (end.Process - start.Process).TotalSeconds / seconds,
            (end.Postgres - start.Postgres).TotalSeconds / seconds,
            machineTotal > 0 ? (end.MachineBusy - start.MachineBusy).TotalSeconds / machineTotal : 0);
    }

    private static TimeSpan PostgresProcesses()
    {
        double ticks = 0;
        if (!Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(System.IO.Path.GetFileName(directory)[0]))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(System.IO.Path.Combine(directory, "stat"));
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                // Fields after the command: state(3) ... utime(14) stime(15), counted from 1 over the whole line.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static (TimeSpan Busy, TimeSpan Total) Machine()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var total = values.Take(8).Sum();
            var idle = values[3] + values[4];
            return (TimeSpan.FromSeconds((total - idle) / TicksPerSecond), TimeSpan.FromSeconds(total / TicksPerSecond));
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return (TimeSpan.Zero, TimeSpan.Zero);
        }
    }
}

/// <param name="Process">Cores used by the benchmark process (silo and callers).</param>
/// <param name="Postgres">Cores used by PostgreSQL processes.</param>
/// <param name="Machine">Busy share of all cores of the machine, 0 to 1.</param>
public readonly record struct CpuShare(double Process, double Postgres, double Machine);
