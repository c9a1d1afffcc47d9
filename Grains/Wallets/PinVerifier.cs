using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.Wallets;

/// <summary>A PIN kept only as a salted PBKDF2-SHA256 hash; terminals get the same verifier for offline checks.</summary>
public sealed record PinVerifier(string Salt, string Hash, int Iterations)
{
    /// <summary>OWASP's figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PinVerifier Create(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(pin, salt, DefaultIterations);
        return new PinVerifier(Convert.ToBase64String(salt), Convert.ToBase64String(hash), DefaultIterations);
    }

    public bool Matches(string pin)
    {
        var expected = Convert.FromBase64String(Hash);
        var actual = Derive(pin, Convert.FromBase64String(Salt), Iterations);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
