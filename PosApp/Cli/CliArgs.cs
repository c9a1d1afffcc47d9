namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>command [positional...] --name value --name=value --flag</c>; an option may repeat (<c>--item a:1 --item b:2</c>).
/// </summary>
public sealed class CliArgs
{
    private static readonly HashSet<string> Flags = ["offline", "watch", "help", "no-sync", "once", "progress"];
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    public CliArgs(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string value;
            if (name.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0)
            {
                (name, value) = (name[..equals], name[(equals + 1)..]);
            }
            else if (Flags.Contains(name))
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new PosException(ExitCodes.Usage, $"--{name} needs a value.");
            }

            if (!_options.TryGetValue(name, out var values))
            {
                _options[name] = values = [];
            }

            values.Add(value);
        }
    }

    public List<string> Positional { get; } = [];

    public string? Command => Positional.Count > 0 ? Positional[0] : null;

    public string? Get(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public bool Has(string name) => _options.ContainsKey(name);

    public string Required(string name) => Get(name) ?? throw new PosException(ExitCodes.Usage, $"--{name} is required.");

    public long RequiredLong(string name) => Long(name) ?? throw new PosException(ExitCodes.Usage, $"--{name} is required.");

    public long? Long(string name) => Get(name) is not { } text ? null
        : long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new PosException(ExitCodes.Usage, $"--{name} must be a whole number, not '{text}'.");

    /// <summary>The terminal's data folder: --data, else POSAPP_DATA, else ./posapp-data.</summary>
    public string DataDirectory => Get("data") ?? Environment.GetEnvironmentVariable("POSAPP_DATA") ?? "posapp-data";
}
