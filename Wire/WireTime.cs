using System.Globalization;
using System.Text.RegularExpressions;

namespace FestivalPos.Wire;

/// <summary>The RFC 3339 UTC timestamps of API.md (<c>createdAt</c>), written by terminals and signed exactly as sent.</summary>
public static partial class WireTime
{
    public const int MaxLength = 40;

    /// <summary>How far a terminal's clock may be off when a QR token's expiry is checked.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>RFC 3339 UTC to the second, the form terminals write.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM-ddTHH:mm:ss[.fraction] with Z (or +00:00): a real UTC instant.</summary>
    public static bool TryParse(string? value, out DateTimeOffset instant)
    {
        instant = default;
        return value is { Length: <= MaxLength }
            && Rfc3339Utc().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }

    public static bool IsValid(string? value) => TryParse(value, out _);

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|\+00:00)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Utc();
}
