using System.Security.Cryptography;
using System.Text;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Selling;

/// <summary>Checks a credential against the offline snapshot alone: wristband uid, PIN verifier, signed QR token.</summary>
public sealed class OfflineCredentialCheck(TimeProvider time)
{
    /// <summary>Answers why the credential does not belong to the wallet, or null when it does.</summary>
    public string? Refusal(SnapshotWallet wallet, Credential credential, string? qrPublicKey) => credential.Type switch
    {
        Credential.Nfc => wallet.Uids.Contains(credential.Value, StringComparer.Ordinal) ? null : "badCredential",
        Credential.Pin => wallet.PinLocked || wallet.Pin is not { } pin || !PinMatches(pin, credential.Value) ? "badCredential" : null,
        Credential.Qr => qrPublicKey is null ? "qrNotVerifiableOffline"
            : QrToken.Verify(credential.Value, qrPublicKey, time.GetUtcNow()) == wallet.WalletId ? null : "badCredential",
        _ => "badCredential",
    };

    public static bool PinMatches(PinVerifier verifier, string pin)
    {
        if (verifier.Algorithm != "PBKDF2-SHA256" || verifier.Iterations <= 0)
        {
            return false;
        }

        var expected = Convert.FromBase64String(verifier.Hash);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), Convert.FromBase64String(verifier.Salt), verifier.Iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
