using Npgsql;

namespace FestivalPos.Clustering;

/// <summary>
/// Installs the membership tables and the provider's query rows (Sql/Schema.sql and Sql/Queries/*.sql,
/// embedded in this assembly). Idempotent; concurrent installers serialize on an advisory lock.
/// </summary>
public static class PostgresMembershipSchema
{
    /// <summary>The ADO.NET invariant name under which Orleans loads the Npgsql provider.</summary>
    public const string Invariant = "Npgsql";

    private const string QueryResourcePrefix = "FestivalPos.Clustering.Queries.";
    private const string SchemaResource = "FestivalPos.Clustering.Schema.sql";

    // Arbitrary application-wide key for pg_advisory_xact_lock ("FPCLUSTR" in ASCII).
    private const long InstallLockKey = 0x4650434C55535452;

    private static readonly Lazy<string> SchemaSql = new(() => ReadResource(SchemaResource));
    private static readonly Lazy<IReadOnlyDictionary<string, string>> QueryRows = new(LoadQueries);

    /// <summary>The rows written to orleansquery, by query key.</summary>
    public static IReadOnlyDictionary<string, string> Queries => QueryRows.Value;

    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", InstallLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var schemaCommand = new NpgsqlCommand(SchemaSql.Value, connection, transaction))
        {
            await schemaCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await UpsertQueriesAsync(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task UpsertQueriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        const string upsert =
            "INSERT INTO orleansquery (querykey, querytext) VALUES (@key, @text) " +
            "ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext " +
            "WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext";
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (key, text) in Queries)
        {
            var command = new NpgsqlBatchCommand(upsert);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("text", text);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IReadOnlyDictionary<string, string> LoadQueries()
    {
        var assembly = typeof(PostgresMembershipSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(QueryResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(name => name[QueryResourcePrefix.Length..], ReadResource, StringComparer.Ordinal);
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(PostgresMembershipSchema).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim();
    }
}
