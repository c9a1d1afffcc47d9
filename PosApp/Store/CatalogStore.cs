using System.Globalization;
using FestivalPos.Wire.Contracts;
using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// One item the stand sells: <see cref="Price"/> and <see cref="Deposit"/> (per cup, charged with it) in minor units,
/// <see cref="MinimumAge"/> 0 or the age the cashier checks.
/// </summary>
public sealed record CatalogItem(string Item, string Name, long Price, long Deposit = 0, int MinimumAge = 0, decimal VatRate = 0, string Category = "");

/// <summary>
/// The stand's catalog. The organizer's, as the offline snapshot carries it, replaces it on every refresh; while nobody
/// defined the stand (the snapshot says so), the terminal sells from the items set locally with <c>posapp catalog</c>.
/// </summary>
public sealed class CatalogStore(StoreDatabase database)
{
    public Task SetAsync(CatalogItem item) => database.WriteAsync((connection, transaction) =>
    {
        RefuseWhenDefined(connection, transaction);
        Upsert(connection, transaction, item);
        return true;
    });

    public Task<bool> RemoveAsync(string item) => database.WriteAsync((connection, transaction) =>
    {
        RefuseWhenDefined(connection, transaction);
        return connection.Run(transaction, "DELETE FROM catalog WHERE item = $item", ("$item", item)) > 0;
    });

    public Task<List<CatalogItem>> ListAsync() => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM catalog ORDER BY item", Read));

    public Task<CatalogItem?> FindAsync(string item) => database.ReadAsync(connection =>
        connection.Query(null, $"SELECT {Columns} FROM catalog WHERE item = $item", Read, ("$item", item)).SingleOrDefault());

    /// <summary>The stand's name when the organizer defined it, null while the catalog is the terminal's own.</summary>
    public Task<string?> StandNameAsync() => database.ReadAsync(connection => Meta.Get(connection, null, Meta.StandName));

    /// <summary>
    /// Takes the stand as a snapshot page carries it: a defined stand's items replace the catalog; a stand nobody defined
    /// leaves the local items alone, unless they were the organizer's (the stand was defined before), which go.
    /// </summary>
    internal static void Apply(SqliteConnection connection, SqliteTransaction transaction, StandResponse? stand)
    {
        // Every snapshot page carries the catalog: rewrite it only when the stand's version moved.
        if (stand is null || (stand.Name is null && Meta.Get(connection, transaction, Meta.StandName) is null)
            || (stand.Name is not null && Meta.GetLong(connection, transaction, Meta.StandVersion) == stand.Version))
        {
            return;
        }

        connection.Run(transaction, "DELETE FROM catalog");
        if (stand.Name is null)
        {
            connection.Run(transaction, "DELETE FROM meta WHERE key IN ($name, $version)", ("$name", Meta.StandName), ("$version", Meta.StandVersion));
            return;
        }

        Meta.Set(connection, transaction, Meta.StandName, stand.Name);
        Meta.SetLong(connection, transaction, Meta.StandVersion, stand.Version);
        foreach (var item in stand.Items)
        {
            Upsert(connection, transaction, new CatalogItem(item.ItemId, item.Name, item.Price, item.Deposit, item.MinimumAge, item.VatRate, item.Category));
        }
    }

    private const string Columns = "item, name, price, deposit, minimum_age, vat_rate, category";

    private static void RefuseWhenDefined(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (Meta.Get(connection, transaction, Meta.StandName) is { } stand)
        {
            throw new PosException(ExitCodes.BadInput, $"The organizer defined this stand ('{stand}'): its catalog comes with the snapshot ('posapp sync'), and is changed in the organizer API.");
        }
    }

    private static void Upsert(SqliteConnection connection, SqliteTransaction transaction, CatalogItem item) =>
        connection.Run(transaction,
            $"""
            INSERT INTO catalog ({Columns}) VALUES ($item, $name, $price, $deposit, $age, $vat, $category)
            ON CONFLICT (item) DO UPDATE SET name = excluded.name, price = excluded.price, deposit = excluded.deposit,
              minimum_age = excluded.minimum_age, vat_rate = excluded.vat_rate, category = excluded.category
            """,
            ("$item", item.Item), ("$name", item.Name), ("$price", item.Price), ("$deposit", item.Deposit), ("$age", item.MinimumAge),
            ("$vat", item.VatRate.ToString(CultureInfo.InvariantCulture)), ("$category", item.Category));

    private static CatalogItem Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4), decimal.Parse(r.GetString(5), CultureInfo.InvariantCulture), r.GetString(6));
}
