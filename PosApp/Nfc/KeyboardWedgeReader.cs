using System.Text.RegularExpressions;

namespace FestivalPos.PosApp.Nfc;

/// <summary>
/// A USB reader in keyboard-wedge mode types the uid (or a SUN wristband's message) followed by Enter: one per line
/// of the input (stdin by default). Separators some readers add to a uid (':' or spaces) are dropped; blank lines skipped.
/// </summary>
public sealed partial class KeyboardWedgeReader(TextReader input) : INfcReader
{
    public async Task<string?> ReadUidAsync(CancellationToken cancellation = default)
    {
        while (await input.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            return UidOf(line) ?? throw new PosException(ExitCodes.BadInput, $"The reader sent '{line}', which is not a wristband uid.");
        }

        return null;
    }

    /// <summary>The next line the reader typed, trimmed, as it is (a SUN message keeps its ':' separators); null when the reader is closed.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellation = default)
    {
        while (await input.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Trim() is { Length: > 0 } typed)
            {
                return typed;
            }
        }

        return null;
    }

    /// <summary>The uid a reader typed, without the separators some readers add; null when the line is not a uid.</summary>
    public static string? UidOf(string line) => Separators().Replace(line, string.Empty) is var uid && Uid().IsMatch(uid) ? uid : null;

    [GeneratedRegex(@"[\s:]")]
    private static partial Regex Separators();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex Uid();
}
