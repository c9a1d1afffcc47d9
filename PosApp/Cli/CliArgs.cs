namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>command [positional...] --name value --name=value --flag</c>; an option may repeat (<c>--item a:1 --item b:2</c>).
/// </summary>
public sealed class CliArgs
{
    private const string EnrollmentInstead = "--enrollment FILE (the answer of POST /api/v1/devices)";

    private static readonly HashSet<string> Flags = ["offline", "watch", "help", "no-sync", "once", "progress", "age-checked"];

    /// <summary>Options that once took a secret as their value, and what takes the secret now (see <see cref="SecretInput"/>).</summary>
    private static readonly Dictionary<string, string> SecretArguments = new(StringComparer.Ordinal)
    {
        ["client-secret"] = EnrollmentInstead,
        ["signing-key"] = EnrollmentInstead,
        ["snapshot-key"] = EnrollmentInstead,
        ["organizer-secret"] = "--organizer-secret-file FILE",
        ["topup-secret"] = "--topup-secret-file FILE",
    };

    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private string? _stdinSecret;

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

            (string name, string? value) = arg.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0
                ? (arg[2..equals], arg[(equals + 1)..])
                : (arg[2..], null);
            if (SecretArguments.TryGetValue(name, out var instead))
            {
                throw new PosException(ExitCodes.Usage,
                    $"--{name} would show the secret to every user of this machine (ps) and keep it in shell history: give {instead} instead, readable by you only, or - to read it from stdin.");
            }

            value ??= Flags.Contains(name) ? "true"
                : i + 1 < args.Count ? args[++i]
                : throw new PosException(ExitCodes.Usage, $"--{name} needs a value.");

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

    /// <summary>The secret in the file <c>--NAME-file</c> names, or on a line of stdin for <c>-</c> (one secret at most).</summary>
    public Task<string> RequiredSecretAsync(string name, TextReader stdin)
    {
        var option = $"--{name}-file";
        var path = Required($"{name}-file");
        if (path == SecretInput.Stdin)
        {
            _stdinSecret = _stdinSecret is null ? option : throw new PosException(ExitCodes.Usage, $"{_stdinSecret} already reads stdin: give {option} a file.");
        }

        return SecretInput.ReadLineAsync(path, option, stdin);
    }

    /// <summary>The terminal's data folder: --data, else POSAPP_DATA, else ./posapp-data.</summary>
    public string DataDirectory => Get("data") ?? Environment.GetEnvironmentVariable("POSAPP_DATA") ?? "posapp-data";
}
