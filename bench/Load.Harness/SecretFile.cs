namespace FestivalPos.Load.Harness;

/// <summary>
/// Secrets never come as arguments, which every user of the machine can read (<c>ps</c>) and shell history keeps: a secret
/// comes from a file readable by its owner only, or from a line of stdin (<c>-</c>), as <c>posapp</c> takes them; the
/// harness does not reference the terminal, so this is its own short equivalent.
/// </summary>
public static class SecretFile
{
    public const string Stdin = "-";

    private const UnixFileMode OthersMayUse = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>The secret in <paramref name="path"/> without its line ending, or stdin's next line for <c>-</c>.</summary>
    public static string Read(string option, string path)
    {
        if (path != Stdin && !File.Exists(path))
        {
            throw new ArgumentException($"{option} {path}: no such file.");
        }

        if (path != Stdin && !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayUse) != 0)
        {
            throw new ArgumentException($"{option}: the file {path} may be read by other users of this machine: make it readable by you only (chmod 600 {path}).");
        }

        var secret = path == Stdin ? Console.In.ReadLine() : File.ReadAllText(path).TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(secret) ? throw new ArgumentException($"{option} {path}: no secret there.") : secret;
    }
}
