namespace FestivalPos.PosApp.Store;

/// <summary>One item the stand sells, priced in minor units.</summary>
public sealed record CatalogItem(string Item, string Name, long Price);

/// <summary>The stand's catalog.</summary>
public sealed class CatalogStore(StoreDatabase database)
{
    public Task SetAsync(CatalogItem item) => database.WriteAsync((connection, transaction) =>
        connection.Run(transaction,
            "INSERT INTO catalog (item, name, price) VALUES ($item, $name, $price) ON CONFLICT (item) DO UPDATE SET name = excluded.name, price = excluded.price",
            ("$item", item.Item), ("$name", item.Name), ("$price", item.Price)));

    public Task<bool> RemoveAsync(string item) => database.WriteAsync((connection, transaction) =>
        connection.Run(transaction, "DELETE FROM catalog WHERE item = $item", ("$item", item)) > 0);

    public Task<List<CatalogItem>> ListAsync() => database.ReadAsync(connection =>
        connection.Query(null, "SELECT item, name, price FROM catalog ORDER BY item", r => new CatalogItem(r.GetString(0), r.GetString(1), r.GetInt64(2))));

    public Task<CatalogItem?> FindAsync(string item) => database.ReadAsync(connection =>
        connection.Query(null, "SELECT item, name, price FROM catalog WHERE item = $item", r => new CatalogItem(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$item", item)).SingleOrDefault());
}
