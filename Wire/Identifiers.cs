namespace FestivalPos.Wire;

/// <summary>API.md's identifiers (walletId, deviceId, standId, itemId...): 1 to 64 characters of <c>A-Z a-z 0-9 _ -</c>.</summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
