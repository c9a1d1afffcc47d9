using System.Text;

namespace FestivalPos.Storage;

/// <summary>Turns an ordinal prefix into a key range, for databases that order text by code point (UTF-8 bytes).</summary>
internal static class StreamPrefix
{
    private const int MaxCodePoint = 0x10FFFF;

    /// <summary>
    /// The smallest string above every string that starts with <paramref name="prefix"/>, or null when
    /// there is none (empty prefix, or one made of U+10FFFF only): stream ids in [prefix, bound) are the matches.
    /// </summary>
    public static string? ExclusiveUpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == MaxCodePoint)
            {
                continue;
            }

            var next = last + 1 == 0xD800 ? 0xE000 : last + 1;
            var builder = new StringBuilder(prefix.Length + 2);
            foreach (var rune in runes)
            {
                builder.Append(rune.ToString());
            }

            return builder.Append(new Rune(next).ToString()).ToString();
        }

        return null;
    }
}
