namespace FestivalPos.PosApp.Store;

/// <summary>One sale as the outbox keeps it, from the moment its seq is allocated until the server's cursor passes it.</summary>
public sealed record OutboxEntry(
    long Seq,
    string WalletId,
    long Amount,
    string CreatedAt,
    string CredentialType,
    string CredentialValue,
    string Signature,
    string Items,
    string Mode,
    bool OnlineAttempted,
    string State,
    string? Reason,
    long? Balance,
    IReadOnlyList<SaleLine>? Lines = null)
{
    /// <summary>Whether <paramref name="other"/> is the same charge to the server: the content a seq is bound to.</summary>
    public bool HasSameContent(OutboxEntry other) =>
        WalletId == other.WalletId && Amount == other.Amount && CreatedAt == other.CreatedAt
        && CredentialType == other.CredentialType && CredentialValue == other.CredentialValue;
}

/// <summary>
/// A sale about to get its seq: everything but the seq, and how to sign once the seq is known; <c>Lines</c> say what was sold
/// (null: by amount); <c>SaleKey</c> the client's own id for it, if it gave one (<see cref="Outbox.FindByKeyAsync"/>).
/// </summary>
public sealed record NewSale(
    string WalletId, long Amount, string CreatedAt, string CredentialType, string CredentialValue, string Items, string Mode, IReadOnlyList<SaleLine>? Lines = null, string? SaleKey = null);

public static class SaleModes
{
    public const string Online = "online";
    public const string Offline = "offline";
}

/// <summary>
/// Where a sale stands. <c>pending</c>: no final server answer yet (it will be settled under the same seq);
/// the others are the server's final answers.
/// </summary>
public static class SaleStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Declined = "declined";
    public const string Applied = "applied";
    public const string Rejected = "rejected";

    public static bool MovesMoney(string state) => state is Pending or Approved or Applied;

    /// <summary>Whether the server charged the sale (online or in a batch): only such a sale can be refunded.</summary>
    public static bool Charged(string state) => state is Approved or Applied;
}

/// <summary>Who works on a pending sale; a sale has one owner at a time.</summary>
public enum SaleOwner
{
    /// <summary>The cashier ringing up an online sale, until it records the answer, sells it offline, withdraws it or hands it over.</summary>
    Cashier,

    /// <summary>The sync engine, for every other pending sale (it claims them before sending).</summary>
    Sync,
}

/// <summary>The server's final answer for one sale, recorded only on the row with that sale's seq and content.</summary>
public sealed record Settlement(OutboxEntry Sale, string State, string? Reason, long? Balance = null);

/// <summary>How far behind the terminal is: unsynced sales and the age of the oldest.</summary>
public sealed record Backlog(int Count, TimeSpan? OldestAge, long AckedThrough);
