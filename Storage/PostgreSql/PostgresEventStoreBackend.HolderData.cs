using FestivalPos.Storage.Holders;
using Npgsql;

namespace FestivalPos.Storage.PostgreSql;

/// <summary>Holder data in its own table (<c>holder_data</c>), outside the ledger's streams and feed.</summary>
public sealed partial class PostgresEventStoreBackend : IHolderDataStore
{
    private const string SaveHolderDataSql = """
        INSERT INTO holder_data (wallet_id, sealed, changed_at, erased_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (wallet_id) DO UPDATE SET sealed = EXCLUDED.sealed, changed_at = EXCLUDED.changed_at, erased_at = EXCLUDED.erased_at
        """;

    public async Task<HolderDataRow?> ReadHolderDataAsync(string walletId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT sealed, changed_at, erased_at FROM holder_data WHERE wallet_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = walletId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new HolderDataRow(
            walletId,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    public Task WriteHolderDataAsync(string walletId, string sealedData, DateTimeOffset changedAt, CancellationToken cancellationToken) =>
        SaveHolderDataAsync(walletId, sealedData, changedAt, erasedAt: null, cancellationToken);

    public Task EraseHolderDataAsync(string walletId, DateTimeOffset erasedAt, CancellationToken cancellationToken) =>
        SaveHolderDataAsync(walletId, sealedData: null, erasedAt, erasedAt, cancellationToken);

    private async Task SaveHolderDataAsync(string walletId, string? sealedData, DateTimeOffset changedAt, DateTimeOffset? erasedAt, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(SaveHolderDataSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = walletId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)sealedData ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = changedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)erasedAt?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
