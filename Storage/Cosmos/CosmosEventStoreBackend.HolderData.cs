using System.Text.Json.Serialization;
using FestivalPos.Storage.Holders;

namespace FestivalPos.Storage.Cosmos;

/// <summary>A wallet's holder data, or its tombstone: one document per wallet, in its own partition of the holder container.</summary>
internal sealed record HolderDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("PartitionKey")] string PartitionKey,
    [property: JsonPropertyName("sealed")] string? Sealed,
    [property: JsonPropertyName("changedAt")] DateTimeOffset ChangedAt,
    [property: JsonPropertyName("erasedAt")] DateTimeOffset? ErasedAt);

/// <summary>Holder data in a container of its own, so that erasing it never touches the ledger container.</summary>
public sealed partial class CosmosEventStoreBackend : IHolderDataStore
{
    /// <summary>Tries of a write that another writer of the same wallet's document overtook.</summary>
    private const int MaxHolderWriteAttempts = 5;

    private readonly LedgerContainer _holders;

    public async Task<HolderDataRow?> ReadHolderDataAsync(string walletId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var stored = await _holders.FindAsync<HolderDocument>(walletId, walletId, cancellationToken);
        return stored is { Document: var document } ? new HolderDataRow(walletId, document.Sealed, document.ChangedAt, document.ErasedAt) : null;
    }

    public Task WriteHolderDataAsync(string walletId, string sealedData, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        SaveHolderDataAsync(new HolderDocument(walletId, walletId, sealedData, changedAt, null), cancellationToken);

    public Task EraseHolderDataAsync(string walletId, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        SaveHolderDataAsync(new HolderDocument(walletId, walletId, null, erasedAt, erasedAt), cancellationToken);

    /// <summary>Creates the document, or replaces it at the ETag it was read at (the local test server has no upsert we rely on).</summary>
    private async Task SaveHolderDataAsync(HolderDocument document, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxHolderWriteAttempts; attempt++)
        {
            var stored = await _holders.FindAsync<HolderDocument>(document.Id, document.PartitionKey, cancellationToken);
            var written = stored is null
                ? await _holders.TryCreateAsync(document, document.PartitionKey, cancellationToken)
                : await _holders.TryReplaceAsync(document, document.Id, document.PartitionKey, stored.ETag, cancellationToken) == ReplaceOutcome.Replaced;
            if (written)
            {
                return;
            }
        }

        throw new InvalidOperationException($"The holder data of wallet '{document.Id}' kept changing; it was not written.");
    }
}
