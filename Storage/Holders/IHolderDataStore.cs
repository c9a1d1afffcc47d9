namespace FestivalPos.Storage.Holders;

/// <summary>
/// The personal data a wallet's holder gave (sealed by the caller), or the tombstone its erasure left: <see cref="Sealed"/>
/// is null and <see cref="ErasedAt"/> says when.
/// </summary>
public sealed record HolderDataRow(string WalletId, string? Sealed, DateTimeOffset ChangedAt, DateTimeOffset? ErasedAt);

/// <summary>
/// Holder data, kept apart from the hash-chained ledger because it must be deletable: a row per wallet that is replaced
/// in place, and erased by overwriting it with a tombstone. Nothing here is part of any stream or of the ledger feed.
/// </summary>
public interface IHolderDataStore
{
    Task<HolderDataRow?> ReadHolderDataAsync(string walletId, CancellationToken cancellationToken);

    /// <summary>Stores the sealed data for the wallet, replacing what was there (a tombstone too).</summary>
    Task WriteHolderDataAsync(string walletId, string sealedData, DateTimeOffset changedAt, CancellationToken cancellationToken);

    /// <summary>Drops the sealed data for good and leaves a tombstone with <paramref name="erasedAt"/>.</summary>
    Task EraseHolderDataAsync(string walletId, DateTimeOffset erasedAt, CancellationToken cancellationToken);
}
