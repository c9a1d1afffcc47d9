using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>
/// What a charge id <c>(deviceId, seq)</c> binds, once and for all: the wallet, the amount, the terminal's
/// timestamp and the credential. A repeat of the id with the same terms gets the recorded answer; any other
/// terms are a conflict, and <see cref="FirstDifference"/> says which field differs. The credential is kept
/// only as a digest salted with the charge id, so no PIN or token sits in the ledger in clear.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ChargeTerms")]
public sealed record ChargeTerms(
    [property: Id(0)] string WalletId,
    [property: Id(1)] long Amount,
    [property: Id(2)] string CreatedAt,
    [property: Id(3)] CredentialType CredentialType,
    [property: Id(4)] string CredentialDigest)
{
    public static ChargeTerms Of(string deviceId, long seq, string walletId, long amount, string createdAt, Credential credential) =>
        new(walletId, amount, createdAt, credential.Type, Digest(deviceId, seq, credential.Value));

    /// <summary>The terms as stored in ledger events and index entries.</summary>
    public string Fingerprint => $"{WalletId}|{Amount}|{CreatedAt}|{CredentialType}|{CredentialDigest}";

    public static ChargeTerms Parse(string fingerprint)
    {
        var parts = fingerprint.Split('|');
        if (parts.Length != 5 || !long.TryParse(parts[1], out var amount) || !Enum.TryParse<CredentialType>(parts[3], out var type))
        {
            throw new FormatException($"'{fingerprint}' is not a charge fingerprint.");
        }

        return new ChargeTerms(parts[0], amount, parts[2], type, parts[4]);
    }

    /// <summary>The API name of the first field in which <paramref name="other"/> differs, or null when the terms are the same.</summary>
    public string? FirstDifference(ChargeTerms other) =>
        WalletId != other.WalletId ? "walletId"
        : Amount != other.Amount ? "amount"
        : CreatedAt != other.CreatedAt ? "createdAt"
        : CredentialType != other.CredentialType ? "credential.type"
        : CredentialDigest != other.CredentialDigest ? "credential.value"
        : null;

    private static string Digest(string deviceId, long seq, string credentialValue) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{Wire.TxId.Format(deviceId, seq)}|{credentialValue}")));
}
