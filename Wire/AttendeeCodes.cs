using System.Security.Cryptography;

namespace FestivalPos.Wire;

/// <summary>
/// The code an attendee signs in to their own page with: 12 characters from an alphabet without look-alikes (no 0/O,
/// 1/I/L), printed in three groups of four. 60 bits: with the sign-in's rate limit, guessing one is out of reach.
/// </summary>
public static class AttendeeCodes
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 12;

    public static string Create()
    {
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{code[..4]}-{code[4..8]}-{code[8..]}";
    }

    /// <summary>The code as typed, without separators and spaces, in capitals.</summary>
    public static string Normalize(string code) =>
        new([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant)]);

    public static bool IsWellFormed(string? code) =>
        code is { Length: <= 32 } && Normalize(code) is { Length: Length } normalized && normalized.All(Alphabet.Contains);
}
