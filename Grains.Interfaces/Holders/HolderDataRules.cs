using System.Numerics;

namespace FestivalPos.Grains.Interfaces.Holders;

/// <summary>What holder data may be: the one home of these checks, for the gateway's messages and the grain's check.</summary>
public static class HolderDataRules
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MinIbanLength = 15;
    public const int MaxIbanLength = 34;

    public static bool IsValidName(string? name) =>
        name is null || (!string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && !name.Any(char.IsControl));

    /// <summary>One '@' between a non-empty local part and a dotted domain, no spaces or control characters.</summary>
    public static bool IsValidEmail(string? email)
    {
        if (email is null)
        {
            return true;
        }

        var at = email.IndexOf('@');
        if (email.Length > MaxEmailLength || at < 1 || at != email.LastIndexOf('@') || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var domain = email[(at + 1)..];
        return domain.Length >= 3 && domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..");
    }

    /// <summary>An IBAN (spaces allowed, any case): country code, check digits, and an ISO 13616 mod-97 remainder of 1.</summary>
    public static bool IsValidIban(string? iban)
    {
        if (iban is null)
        {
            return true;
        }

        var compact = NormalizeIban(iban);
        if (compact.Length is < MinIbanLength or > MaxIbanLength || !char.IsAsciiLetterUpper(compact[0]) || !char.IsAsciiLetterUpper(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]) || !compact.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        // Move the first four characters to the end, letters become 10..35, and the number must leave 1 modulo 97.
        var rearranged = compact[4..] + compact[..4];
        var digits = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString()));
        return BigInteger.Parse(digits) % 97 == 1;
    }

    /// <summary>Spaces dropped, upper case: the form an IBAN is stored and paid out in.</summary>
    public static string NormalizeIban(string iban) => string.Concat(iban.Where(c => c != ' ')).ToUpperInvariant();

    public static bool IsValid(HolderData data) => IsValidName(data.Name) && IsValidEmail(data.Email) && IsValidIban(data.Iban);

    /// <summary>The data as stored: names and emails trimmed, the IBAN compact and upper case, empty parts left out.</summary>
    public static HolderData Normalize(HolderData data) => new(
        string.IsNullOrWhiteSpace(data.Name) ? null : data.Name.Trim(),
        string.IsNullOrWhiteSpace(data.Email) ? null : data.Email.Trim(),
        string.IsNullOrWhiteSpace(data.Iban) ? null : NormalizeIban(data.Iban));
}
