using FestivalPos.Grains.Interfaces;

namespace FestivalPos.Gateway.Api.Apis;

// Request and answer bodies of API.md. Requests are records whose every property is required:
// the JSON options refuse unknown, missing and null properties before a handler runs.

public sealed record TokenRequest(string ClientId, string ClientSecret);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

public sealed record EnrollDeviceRequest(string DeviceId, string StandId);

public sealed record EnrolledDevice(string DeviceId, string StandId, string ClientId, string ClientSecret, string SigningKey);

public sealed record DeviceResponse(string DeviceId, string StandId, string Status, long AckedThrough, long[] Gaps);

public sealed record CreateWalletRequest(string WalletId);

public sealed record CreatedWallet(string WalletId, long Balance, string Status);

public sealed record LinkWristbandRequest(string Uid);

public sealed record SetPinRequest(string Pin);

public sealed record WalletResponse(string WalletId, long Balance, string Status, string[] Flags, long Version);

public sealed record TransactionEntry(
    long Position, string Kind, long Amount, long BalanceAfter, string TxId, string? DeviceId, long? Seq, string? CreatedAt, DateTimeOffset RecordedAt, string Hash);

public sealed record TransactionsPage(TransactionEntry[] Entries, long? Next);

public sealed record TopUpRequestBody(string TopupId, string WalletId, long Amount);

public sealed record TopUpResponse(string TopupId, string Status, long Balance);

public sealed record CredentialDto(string Type, string Value)
{
    public static CredentialType? Parse(string? type) => type switch
    {
        "nfc" => CredentialType.Nfc,
        "pin" => CredentialType.Pin,
        "qr" => CredentialType.Qr,
        _ => null,
    };

    public Credential ToCredential() => new(Parse(Type) ?? throw new InvalidOperationException($"Unvalidated credential type '{Type}'."), Value);
}

public sealed record PaymentRequest(long Seq, string WalletId, long Amount, CredentialDto Credential, string CreatedAt);

public sealed record PaymentResponse(string TxId, string Status, string? Reason, long Balance);

public sealed record OfflineTransactionDto(long Seq, string WalletId, long Amount, string CreatedAt, CredentialDto Credential, string Signature);

public sealed record BatchRequest(OfflineTransactionDto[] Transactions);

public sealed record OfflineResult(long Seq, string Status, string? Reason);

public sealed record BatchResponse(OfflineResult[] Results, long AckedThrough);

public sealed record PinVerifierDto(string Salt, string Hash, int Iterations, string Algorithm);

public sealed record SnapshotWallet(string WalletId, long Balance, string Status, string[] Uids, PinVerifierDto? Pin, bool PinLocked);

public sealed record OfflineSnapshotResponse(SnapshotWallet[] Wallets, string[] Blocked, long Version, bool More, string QrPublicKey);

public sealed record QrTokenResponse(string Token, DateTimeOffset ExpiresAt);
