namespace FestivalPos.Wire.Contracts;

public sealed record CredentialBody(string Type, string Value);

/// <summary>An online charge; <c>lines</c>, when sent, say what was sold and add up to <c>amount</c> (<see cref="SaleLines"/>).</summary>
public sealed record PaymentRequest(long Seq, string WalletId, long Amount, CredentialBody Credential, string CreatedAt, SaleLine[]? Lines = null);

public sealed record PaymentResponse(string TxId, string Status, string? Reason, long Balance);

/// <summary>A signed offline sale; <c>lines</c> are not part of the signed string, which API 1.1 fixes: the signed amount is what counts.</summary>
public sealed record OfflineTransactionBody(long Seq, string WalletId, long Amount, string CreatedAt, CredentialBody Credential, string Signature, SaleLine[]? Lines = null);

public sealed record BatchRequest(OfflineTransactionBody[] Transactions);

public sealed record OfflineResult(long Seq, string Status, string? Reason);

/// <summary>
/// <see cref="LedgerEpoch"/> is an addition to 1.1 (null from a server without it): it changes every time the ledger is
/// restored from a backup, which may have forgotten seqs decided after the backup; the terminal then sends them again.
/// </summary>
public sealed record BatchResponse(OfflineResult[] Results, long AckedThrough, string? LedgerEpoch = null);
