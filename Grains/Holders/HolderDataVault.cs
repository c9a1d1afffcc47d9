using System.Text.Json;
using FestivalPos.Grains.Interfaces.Holders;
using FestivalPos.Storage.Holders;

namespace FestivalPos.Grains.Holders;

/// <summary>
/// Holder data at rest: sealed with the key ring's personal-data key, bound to the wallet, in the holder data store
/// (never in a stream, so erasing it leaves every hash of the ledger as it was).
/// </summary>
public sealed class HolderDataVault(IHolderDataStore store, Keys.KeyRing keys)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<HolderRecord?> ReadAsync(string walletId)
    {
        var row = await store.ReadHolderDataAsync(walletId, CancellationToken.None);
        if (row is null)
        {
            return null;
        }

        var data = row.Sealed is null ? null : JsonSerializer.Deserialize<HolderData>(keys.OpenPersonalData(row.Sealed, walletId), Json);
        return new HolderRecord(data, row.ChangedAt, row.ErasedAt);
    }

    public async Task<HolderRecord> WriteAsync(string walletId, HolderData data, DateTimeOffset now)
    {
        var sealedData = keys.SealPersonalData(JsonSerializer.SerializeToUtf8Bytes(data, Json), walletId);
        await store.WriteHolderDataAsync(walletId, sealedData, now, CancellationToken.None);
        return new HolderRecord(data, now, null);
    }

    public async Task<HolderRecord> EraseAsync(string walletId, DateTimeOffset now)
    {
        await store.EraseHolderDataAsync(walletId, now, CancellationToken.None);
        return new HolderRecord(null, now, now);
    }
}
