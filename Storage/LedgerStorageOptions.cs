using FestivalPos.Storage.Cosmos;

namespace FestivalPos.Storage;

public enum LedgerStorageProvider
{
    Sqlite = 0,
    PostgreSql = 1,
    Cosmos = 2,
}

/// <summary>Where the ledger lives, bound from the Ledger:Storage configuration section.</summary>
public sealed class LedgerStorageOptions
{
    public const string SectionName = "Ledger:Storage";

    public LedgerStorageProvider Provider { get; set; } = LedgerStorageProvider.Sqlite;

    public SqliteStorageOptions Sqlite { get; set; } = new();

    public PostgreSqlStorageOptions PostgreSql { get; set; } = new();

    public CosmosStorageOptions Cosmos { get; set; } = new();

    public GroupCommitOptions GroupCommit { get; set; } = new();
}

public sealed class SqliteStorageOptions
{
    /// <summary>The database file; a relative path is resolved against the current directory.</summary>
    public string Path { get; set; } = "data/festivalpos.db";
}

public sealed class PostgreSqlStorageOptions
{
    public string? ConnectionString { get; set; }

    public int MaxConcurrentCommits { get; set; } = 4;
}
