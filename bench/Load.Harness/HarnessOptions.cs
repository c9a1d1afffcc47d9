using System.Globalization;
using FestivalPos.DevServers;

namespace FestivalPos.Load.Harness;

/// <summary>The command line of the load harness.</summary>
public sealed class HarnessOptions
{
    public const string Usage = """
        Usage: Load.Harness [options]
          --quick                    the short run (about 60 s in all, start-up included)
          --full                     the long run (default)
          --terminals N              POS terminals simulated (default quick 64, full 200)
          --wallets N                wallets (default quick 1000, full 20000)
          --zipf S                   Zipf exponent of wallet popularity (default 0.8)
          --seconds S                measured seconds of the saturation run (default quick 6, full 30)
          --warmup S                 unmeasured seconds before it (default quick 8, full 10)
          --paced-seconds S          measured seconds of the run at 80 % of the saturation rate (default quick 5, full 20)
          --paced-share F            the paced run's rate as a share of the saturation rate (default 0.8)
          --baseline-seconds S       measured seconds of the plain PostgreSQL baseline (default quick 5, full 20)
          --offline K                offline charges in the catch-up backlog (default quick 20000, full 200000)
          --batch B                  offline batch size (default 500)
          --mixed-batch B            size of the offline batches terminals send during the online runs (default 20)
          --batch-share F            share of terminal actions that are an offline batch during the online runs (default 0.01)
          --topup-share F            share of actions that are a top-up (default 0.02)
          --duplicate-share F        share of requests sent twice (default 0.05)
          --url https://host:port    use a running system instead of starting one (needs the secrets and --pg)
          --organizer-secret-file F / --topup-secret-file F   bootstrap secrets of that system: files readable by you
                                     only (chmod 600), or - for a line of stdin (one of the two)
          --pg "<connection string>" its ledger database (for verification; with --url), no password: ~/.pgpass holds it
          --baseline-pg "<cs>"       an empty database for the baseline (default: a new one beside the ledger)
          --set key=value            passed to the system as --key=value (repeatable)
          --env NAME=value           an environment variable of the system's processes (repeatable)
          --no-baseline              skip the plain PostgreSQL baseline
          --server-gc                run silo and gateway with server GC (default: as built, workstation GC)
          --verbose                  echo the system's own output
        """;

    public bool Quick { get; private set; }

    public int Terminals { get; private set; }

    public int Wallets { get; private set; }

    public double Zipf { get; private set; } = 0.8;

    public int Seconds { get; private set; }

    public int Warmup { get; private set; }

    public int PacedSeconds { get; private set; }

    public double PacedShare { get; private set; } = 0.8;

    public int BaselineSeconds { get; private set; }

    public int OfflineCharges { get; private set; }

    public int BatchSize { get; private set; } = 500;

    public int MixedBatchSize { get; private set; } = 20;

    public double BatchShare { get; private set; } = 0.01;

    public double TopupShare { get; private set; } = 0.02;

    public double DuplicateShare { get; private set; } = 0.05;

    public Uri? Url { get; private set; }

    public string? OrganizerSecret { get; private set; }

    public string? TopupSecret { get; private set; }

    public string? LedgerConnectionString { get; private set; }

    public string? BaselineConnectionString { get; private set; }

    public bool Baseline { get; private set; } = true;

    public bool Verbose { get; private set; }

    public bool ServerGc { get; private set; }

    public List<string> SystemArguments { get; } = [];

    public Dictionary<string, string> SystemEnvironment { get; } = [];

    public string Scenario => Quick ? "quick" : "full";

    public static HarnessOptions Parse(string[] args)
    {
        var options = new HarnessOptions();
        int? terminals = null, wallets = null, seconds = null, warmup = null, paced = null, baseline = null, offline = null;
        var stdinRead = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--quick": options.Quick = true; break;
                case "--full": options.Quick = false; break;
                case "--terminals": terminals = Positive(name, Value()); break;
                case "--wallets": wallets = Positive(name, Value()); break;
                case "--zipf": options.Zipf = Fraction(name, Value(), 0, 5); break;
                case "--seconds": seconds = Positive(name, Value()); break;
                case "--warmup": warmup = NonNegative(name, Value()); break;
                case "--paced-seconds": paced = NonNegative(name, Value()); break;
                case "--paced-share": options.PacedShare = Fraction(name, Value(), 0.01, 2); break;
                case "--baseline-seconds": baseline = Positive(name, Value()); break;
                case "--offline": offline = NonNegative(name, Value()); break;
                case "--batch": options.BatchSize = Positive(name, Value()); break;
                case "--mixed-batch": options.MixedBatchSize = Positive(name, Value()); break;
                case "--batch-share": options.BatchShare = Fraction(name, Value(), 0, 1); break;
                case "--topup-share": options.TopupShare = Fraction(name, Value(), 0, 1); break;
                case "--duplicate-share": options.DuplicateShare = Fraction(name, Value(), 0, 1); break;
                case "--url": options.Url = new Uri(Value().TrimEnd('/') + "/"); break;
                case "--organizer-secret" or "--topup-secret":
                    throw new ArgumentException($"{name} would show the secret to every user of this machine (ps) and keep it in shell history: " +
                                                $"give {name}-file FILE instead, readable by you only, or - to read it from stdin.");
                case "--organizer-secret-file": options.OrganizerSecret = ReadSecret(name, Value(), ref stdinRead); break;
                case "--topup-secret-file": options.TopupSecret = ReadSecret(name, Value(), ref stdinRead); break;
                case "--pg": options.LedgerConnectionString = CommandLineConnectionString.WithoutPassword(name, Value()); break;
                case "--baseline-pg": options.BaselineConnectionString = CommandLineConnectionString.WithoutPassword(name, Value()); break;
                case "--no-baseline": options.Baseline = false; break;
                case "--verbose": options.Verbose = true; break;
                case "--server-gc": options.ServerGc = true; break;
                case "--set":
                    var setting = Value();
                    if (setting.IndexOf('=') <= 0)
                    {
                        throw new ArgumentException($"--set needs key=value, not '{setting}'.");
                    }

                    options.SystemArguments.Add("--" + setting);
                    break;
                case "--env":
                    var variable = Value();
                    var equals = variable.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--env needs NAME=value, not '{variable}'.");
                    }

                    options.SystemEnvironment[variable[..equals]] = variable[(equals + 1)..];
                    break;
                case "-h" or "--help": throw new ArgumentException("");
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.TopupShare + options.BatchShare >= 1)
        {
            throw new ArgumentException("--topup-share plus --batch-share must stay below 1.");
        }

        if (options.Url is not null && (options.OrganizerSecret is null || options.TopupSecret is null || options.LedgerConnectionString is null))
        {
            throw new ArgumentException("--url needs --organizer-secret-file, --topup-secret-file and --pg.");
        }

        options.Terminals = terminals ?? (options.Quick ? 64 : 200);
        options.Wallets = wallets ?? (options.Quick ? 1_000 : 20_000);
        options.Seconds = seconds ?? (options.Quick ? 6 : 30);
        options.Warmup = warmup ?? (options.Quick ? 8 : 10);
        options.PacedSeconds = paced ?? (options.Quick ? 5 : 20);
        options.BaselineSeconds = baseline ?? (options.Quick ? 5 : 20);
        options.OfflineCharges = offline ?? (options.Quick ? 20_000 : 200_000);
        return options;
    }

    private static string ReadSecret(string option, string path, ref bool stdinRead)
    {
        if (path == SecretFile.Stdin && stdinRead)
        {
            throw new ArgumentException($"Only one secret can come from stdin: give {option} a file.");
        }

        stdinRead |= path == SecretFile.Stdin;
        return SecretFile.Read(option, path);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new ArgumentException($"{name} must be a positive whole number.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, out var number) && number >= 0 ? number : throw new ArgumentException($"{name} must be a whole number, 0 or more.");

    private static double Fraction(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be a number from {min} to {max}.");
}
