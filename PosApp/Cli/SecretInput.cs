namespace FestivalPos.PosApp.Cli;

/// <summary>
/// Where the CLI reads a secret from: never an argument, which every user of the machine can read (<c>ps</c>,
/// <c>/proc/PID/cmdline</c>) and which stays in shell history, but a file readable by its owner only, or stdin (<c>-</c>).
/// </summary>
public static class SecretInput
{
    public const string Stdin = "-";

    /// <summary>The secret in <paramref name="path"/> (a line of stdin for <c>-</c>), without its line ending.</summary>
    public static async Task<string> ReadLineAsync(string path, string option, TextReader stdin)
    {
        var secret = path == Stdin ? await stdin.ReadLineAsync() : (await ReadFileAsync(path, option)).TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(secret) ? throw new PosException(ExitCodes.BadInput, $"{option} {path}: no secret there.") : secret;
    }

    /// <summary>All of <paramref name="path"/>, or of stdin for <c>-</c>.</summary>
    public static async Task<string> ReadAllAsync(string path, string option, TextReader stdin) =>
        path == Stdin ? await stdin.ReadToEndAsync() : await ReadFileAsync(path, option);

    private static async Task<string> ReadFileAsync(string path, string option)
    {
        if (!File.Exists(path))
        {
            throw new PosException(ExitCodes.BadInput, $"{option} {path}: no such file.");
        }

        OwnerOnlyFile.Check(path, $"{option}: the file");
        return await File.ReadAllTextAsync(path);
    }
}
