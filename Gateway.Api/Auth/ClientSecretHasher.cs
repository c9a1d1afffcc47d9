using System.Security.Cryptography;
using System.Text;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Client secrets are stored only as salted PBKDF2-SHA256 hashes; the gateway hashes and checks, the cluster stores.</summary>
public static class ClientSecretHasher
{
    public const int Iterations = 100_000;
    public const int SecretBytes = 32;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Checked against when a client with an operator's id is unknown: it costs what an operator's secret costs.</summary>
    public static readonly ClientSecretVerifier StretchedDecoy = Hash(NewSecret());

    /// <summary>Checked against when a device's client is unknown: it costs what a device's secret costs.</summary>
    public static readonly ClientSecretVerifier GeneratedDecoy = HashGenerated(NewSecret());

    public static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>A secret someone chose (the bootstrap clients'): stretched, as it may be guessable.</summary>
    public static ClientSecretVerifier Hash(string secret) => Hash(secret, Iterations);

    /// <summary>
    /// A secret from <see cref="NewSecret"/>: 256 random bits cannot be guessed, so stretching adds nothing and
    /// one round (an HMAC) is as strong. A device's token request then costs microseconds, not a tenth of a
    /// second of a core, which matters when a thousand terminals come back from an outage at once.
    /// </summary>
    public static ClientSecretVerifier HashGenerated(string secret) => Hash(secret, 1);

    private static ClientSecretVerifier Hash(string secret, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new ClientSecretVerifier(Convert.ToBase64String(salt), Convert.ToBase64String(Derive(secret, salt, iterations)), iterations);
    }

    /// <summary>Whether the secret is the one of the verifier; a null verifier matches nothing (and costs nothing: see <see cref="SecretChecker"/>).</summary>
    public static bool Matches(ClientSecretVerifier? verifier, string secret)
    {
        if (verifier is null)
        {
            return false;
        }

        var actual = Derive(secret, Convert.FromBase64String(verifier.Salt), verifier.Iterations);
        return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(verifier.Hash), actual);
    }

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
