namespace FestivalPos.Failover.Benchmark;

/// <summary>What a silo goes through while the terminals charge.</summary>
public enum Fault
{
    /// <summary>SIGKILL: a crash or an out-of-memory kill.</summary>
    Kill,

    /// <summary>SIGSTOP for <see cref="FailoverOptions.PauseSeconds"/>, then SIGCONT: a long GC or a starved CPU.</summary>
    Pause,

    /// <summary>SIGTERM: a scale-in or a rolling update; the figure is how long the silo takes to exit.</summary>
    Stop,
}

public sealed class FailoverOptions
{
    public Fault Fault { get; private set; } = Fault.Kill;

    public int Runs { get; private set; } = 1;

    public int Terminals { get; private set; } = 20;

    public int Wallets { get; private set; } = 200;

    public int WarmupSeconds { get; private set; } = 5;

    /// <summary>How long the terminals keep charging after the fault.</summary>
    public int ObserveSeconds { get; private set; } = 15;

    public double PauseSeconds { get; private set; } = 1;

    /// <summary>Configuration for every silo and the gateway (<c>key=value</c>), after the system's own.</summary>
    public List<string> Settings { get; } = [];

    public static FailoverOptions Parse(string[] args)
    {
        var options = new FailoverOptions();
        for (var index = 0; index < args.Length; index++)
        {
            var name = args[index];
            if (name == "--pause")
            {
                options.Fault = Fault.Pause;
                continue;
            }

            if (name == "--stop")
            {
                options.Fault = Fault.Stop;
                continue;
            }

            var value = index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--runs": options.Runs = Positive(name, value); break;
                case "--terminals": options.Terminals = Positive(name, value); break;
                case "--wallets": options.Wallets = Positive(name, value); break;
                case "--warmup": options.WarmupSeconds = Positive(name, value); break;
                case "--observe": options.ObserveSeconds = Positive(name, value); break;
                case "--pause-seconds": options.PauseSeconds = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "--set": options.Settings.Add(value.Contains('=') ? $"--{value}" : throw new ArgumentException($"--set needs key=value, not '{value}'.")); break;
                default: throw new ArgumentException($"Unknown option {name} {value} (see bench/README.md).");
            }
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
