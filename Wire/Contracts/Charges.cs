namespace FestivalPos.Wire.Contracts;

public sealed record CredentialBody(string Type, string Value);

public sealed record PaymentRequest(long Seq, string WalletId, long Amount, CredentialBody Credential, string CreatedAt);

public sealed record PaymentResponse(string TxId, string Status, string? Reason, long Balance);

public sealed record OfflineTransactionBody(long Seq, string WalletId, long Amount, string CreatedAt, CredentialBody Credential, string Signature);

public sealed record BatchRequest(OfflineTransactionBody[] Transactions);

public sealed record OfflineResult(long Seq, string Status, string? Reason);

/// <summary>
/// <see cref="LedgerEpoch"/> is an addition to 1.1 (null from a server without it): it changes every time the ledger is
/// restored from a backup, which may have forgotten seqs decided after the backup; the terminal then sends them again.
/// </summary>
public sealed record BatchResponse(OfflineResult[] Results, long AckedThrough, string? LedgerEpoch = null);
