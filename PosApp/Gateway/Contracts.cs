using System.Text.Json;
using System.Text.Json.Serialization;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Gateway;

// The JSON bodies of API.md this terminal sends and reads.

public sealed record CredentialBody(string Type, string Value);

public sealed record PaymentBody(long Seq, string WalletId, long Amount, CredentialBody Credential, string CreatedAt);

public sealed record PaymentAnswer(string TxId, string Status, string? Reason, long Balance);

public sealed record OfflineTransactionBody(long Seq, string WalletId, long Amount, string CreatedAt, CredentialBody Credential, string Signature);

public sealed record BatchBody(OfflineTransactionBody[] Transactions);

public sealed record BatchResultBody(long Seq, string Status, string? Reason);

public sealed record BatchAnswer(BatchResultBody[] Results, long AckedThrough);

public sealed record SnapshotPage(SnapshotWallet[] Wallets, string[] Blocked, long Version, bool More, string? QrPublicKey);

public sealed record TokenAnswer(string AccessToken, string TokenType, int ExpiresIn);

public sealed record EnrolledDevice(string DeviceId, string StandId, string ClientId, string ClientSecret, string SigningKey);

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PaymentBody Payment(OutboxEntry entry) =>
        new(entry.Seq, entry.WalletId, entry.Amount, new CredentialBody(entry.CredentialType, entry.CredentialValue), entry.CreatedAt);

    public static OfflineTransactionBody Offline(OutboxEntry entry) =>
        new(entry.Seq, entry.WalletId, entry.Amount, entry.CreatedAt, new CredentialBody(entry.CredentialType, entry.CredentialValue), entry.Signature);
}
