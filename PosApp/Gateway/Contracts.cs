using System.Text.Json;
using System.Text.Json.Serialization;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Gateway;

/// <summary>The JSON bodies of API.md come from the Wire library; this is how the terminal writes and reads them.</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PaymentRequest Payment(OutboxEntry entry) =>
        new(entry.Seq, entry.WalletId, entry.Amount, new CredentialBody(entry.CredentialType, entry.CredentialValue), entry.CreatedAt, entry.Lines?.ToArray());

    public static OfflineTransactionBody Offline(OutboxEntry entry) =>
        new(entry.Seq, entry.WalletId, entry.Amount, entry.CreatedAt, new CredentialBody(entry.CredentialType, entry.CredentialValue), entry.Signature, entry.Lines?.ToArray());
}

public static class SnapshotWallets
{
    public static bool IsBlocked(this SnapshotWallet wallet) => wallet.Status == Wire.WireNames.WalletStatus.Blocked;
}
