using FestivalPos.Wire;

namespace FestivalPos.PosApp.Selling;

/// <summary>
/// Checks a credential against the offline snapshot alone, as the server will at sync (API.md 1.1): a tapped
/// wristband by its uid digest under the festival's snapshot key, a QR token by the snapshot's public key.
/// A PIN cannot be checked offline: PIN payments are online only. A SUN message's MAC cannot be either (a terminal
/// holds no wristband key, so a stolen one cannot mint wristbands): the server checks it at sync.
/// </summary>
public sealed class OfflineCredentialCheck(byte[] snapshotKey, TimeProvider time)
{
    /// <summary>Answers why the credential does not prove the wallet offline, or null when it does; a bare uid proves nothing where only SUN wristbands pay.</summary>
    public string? Refusal(SnapshotWallet wallet, Credential credential, string? qrPublicKey, bool sunWristbandsOnly) => credential.Type switch
    {
        Credential.Nfc when sunWristbandsOnly => "badCredential",
        Credential.Nfc or Credential.NfcSun => credential.WristbandUid is { } uid && wallet.UidDigests.Contains(UidDigest.Compute(snapshotKey, uid), StringComparer.Ordinal)
            ? null : "badCredential",
        Credential.Pin => "pinOnlineOnly",
        Credential.Qr => qrPublicKey is null ? "qrNotVerifiableOffline" : QrRefusal(wallet, credential.Value, qrPublicKey),
        _ => "badCredential",
    };

    private string? QrRefusal(SnapshotWallet wallet, string token, string qrPublicKey)
    {
        using var key = QrToken.PublicKey(qrPublicKey);
        return QrToken.Read(key, token) is { } claims && claims.WalletId == wallet.WalletId && claims.ValidAt(time.GetUtcNow()) ? null : "badCredential";
    }
}
