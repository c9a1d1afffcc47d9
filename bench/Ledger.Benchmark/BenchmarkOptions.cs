using FestivalPos.DevServers;

namespace FestivalPos.Ledger.Benchmark;

public enum ChargePath
{
    /// <summary>Callers charge the wallet grain directly: the ledger write only.</summary>
    Wallet = 0,

    /// <summary>Callers charge through their device grain: the wallet write plus the device cursor write.</summary>
    Device = 1,
}

/// <summary>The command line of the benchmark.</summary>
public sealed class BenchmarkOptions
{
    public const string Usage = """
        Usage: Ledger.Benchmark [options]
          --store sqlite|postgres|cosmos|both  ledger storage to measure (default both: sqlite and postgres;
                                         cosmos: a local in-memory Cosmos DB server from npm, for the protocol's cost, not Azure's speed)
          --wallets N                    wallets charged at random (default 10000)
          --callers M                    concurrent callers, each with its own device id (default 1000)
          --seconds S                    measured time per store (default 20)
          --warmup S                     unmeasured time before it (default 5)
          --path wallet|device           wallet: IWalletGrain.ChargeOnline; device: IPosDeviceGrain.Charge (default wallet)
          --pg "<connection string>"     use this PostgreSQL database instead of a temporary server (no password: ~/.pgpass holds it)
          --max-appends N                Ledger:Storage:GroupCommit:MaxAppendsPerCommit (default: the store's)
          --max-commits N                Ledger:Storage:PostgreSql:MaxConcurrentCommits (default: the store's)
          --set key=value                any other configuration value of the silo (repeatable)
        """;

    public List<string> Stores { get; } = [];

    public int Wallets { get; private set; } = 10_000;

    public int Callers { get; private set; } = 1_000;

    public int Seconds { get; private set; } = 20;

    public int Warmup { get; private set; } = 5;

    public ChargePath Path { get; private set; } = ChargePath.Wallet;

    public string? PostgresConnectionString { get; private set; }

    public int? MaxAppendsPerCommit { get; private set; }

    public int? MaxConcurrentCommits { get; private set; }

    public Dictionary<string, string?> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">An unknown option or a bad value, with a message for the user.</exception>
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        var store = "both";
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--store":
                    store = Value().ToLowerInvariant();
                    break;
                case "--wallets":
                    options.Wallets = Positive(name, Value());
                    break;
                case "--callers":
                    options.Callers = Positive(name, Value());
                    break;
                case "--seconds":
                    options.Seconds = Positive(name, Value());
                    break;
                case "--warmup":
                    options.Warmup = NonNegative(name, Value());
                    break;
                case "--path":
                    options.Path = Value().ToLowerInvariant() switch
                    {
                        "wallet" => ChargePath.Wallet,
                        "device" => ChargePath.Device,
                        var other => throw new ArgumentException($"--path must be wallet or device, not '{other}'."),
                    };
                    break;
                case "--pg":
                    options.PostgresConnectionString = CommandLineConnectionString.WithoutPassword(name, Value());
                    break;
                case "--max-appends":
                    options.MaxAppendsPerCommit = Positive(name, Value());
                    break;
                case "--max-commits":
                    options.MaxConcurrentCommits = Positive(name, Value());
                    break;
                case "--set":
                    var setting = Value();
                    var equals = setting.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--set needs key=value, not '{setting}'.");
                    }

                    options.Settings[setting[..equals]] = setting[(equals + 1)..];
                    break;
                case "-h" or "--help":
                    throw new ArgumentException("");
                default:
                    throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        options.Stores.AddRange(store switch
        {
            "sqlite" => ["sqlite"],
            "postgres" or "postgresql" => ["postgres"],
            "cosmos" => ["cosmos"],
            "both" => ["sqlite", "postgres"],
            _ => throw new ArgumentException($"--store must be sqlite, postgres, cosmos or both, not '{store}'."),
        });
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new ArgumentException($"{name} must be a positive whole number.");

    private static int NonNegative(string name, string value) =>
        int.TryParse(value, out var number) && number >= 0 ? number : throw new ArgumentException($"{name} must be a whole number, 0 or more.");
}
