using System.Text.RegularExpressions;

namespace FestivalPos.Bench.Tests;

/// <summary>The commands a markdown section shows in its code blocks, as a shell reads them: continued lines joined, comments dropped.</summary>
public static partial class ReadmeCommands
{
    /// <summary>Every command in the code blocks of the section headed <paramref name="heading"/> (up to the next heading of its level or above).</summary>
    public static IReadOnlyList<string> InSection(string markdownPath, string heading)
    {
        var lines = File.ReadAllLines(markdownPath);
        var start = Array.IndexOf(lines, heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"{markdownPath} has no line '{heading}'.");
        }

        var level = HeadingLevel(heading);
        var section = lines.Skip(start + 1).TakeWhile(line => HeadingLevel(line) is 0 || HeadingLevel(line) > level);
        return Commands(section).ToList();
    }

    private static IEnumerable<string> Commands(IEnumerable<string> lines)
    {
        var inCode = false;
        var command = "";
        foreach (var line in lines)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode)
            {
                continue;
            }

            var code = Comment().Replace(line, "").TrimEnd();
            if (code.EndsWith('\\'))
            {
                command += code[..^1];
                continue;
            }

            command = Spaces().Replace(command + code, " ").Trim();
            if (command.Length > 0)
            {
                yield return command;
            }

            command = "";
        }
    }

    /// <summary>1 for "# ", 2 for "## "...; 0 for a line that is no heading.</summary>
    private static int HeadingLevel(string line)
    {
        var hashes = line.TakeWhile(character => character == '#').Count();
        return hashes > 0 && line.Length > hashes && line[hashes] == ' ' ? hashes : 0;
    }

    /// <summary>A shell comment: from a # at the start of the line or after a space, to the end.</summary>
    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
