using System.Globalization;
using FestivalPos.Storage.Holders;

namespace FestivalPos.Storage.Sqlite;

/// <summary>Holder data in its own table (<c>holder_data</c>) of the ledger file, written by the single writer.</summary>
public sealed partial class SqliteEventStoreBackend : IHolderDataStore
{
    public async Task<HolderDataRow?> ReadHolderDataAsync(string walletId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed, changed_at, erased_at FROM holder_data WHERE wallet_id = $id";
        command.Parameters.AddWithValue("$id", walletId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new HolderDataRow(
            walletId,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            ParseTime(reader.GetString(1)),
            reader.IsDBNull(2) ? null : ParseTime(reader.GetString(2)));
    }

    public Task WriteHolderDataAsync(string walletId, string sealedData, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        WriteAsync(writer => writer.SaveHolderData(walletId, sealedData, changedAt, erasedAt: null), cancellationToken);

    public Task EraseHolderDataAsync(string walletId, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        WriteAsync(writer => writer.SaveHolderData(walletId, sealedData: null, erasedAt, erasedAt), cancellationToken);

    private static DateTimeOffset ParseTime(string stored) => DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
