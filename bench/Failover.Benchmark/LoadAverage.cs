namespace FestivalPos.Failover.Benchmark;

/// <summary>The machine's load average (1, 5, 15 minutes): the benchmark shares the cores with whatever else runs.</summary>
public static class LoadAverage
{
    public static string Read() => File.Exists("/proc/loadavg")
        ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
        : "unknown";
}
