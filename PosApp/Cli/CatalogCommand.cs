using System.Globalization;
using System.Text.Json;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>posapp catalog</c>: lists the stand's items; sets, removes or imports (JSON array of {item,name,price,deposit,minimumAge})
/// them only while the organizer has not defined the stand, whose catalog comes with the snapshot.
/// </summary>
public static class CatalogCommand
{
    public static async Task<int> RunAsync(CliArgs args, TextWriter output)
    {
        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        var catalog = terminal.Catalog;
        var p = args.Positional;
        switch (p.Count > 1 ? p[1] : "list")
        {
            case "list":
                foreach (var item in await catalog.ListAsync())
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{item.Item}\t{item.Price}\t{item.Name}\tdeposit={item.Deposit}\tminimumAge={item.MinimumAge}"));
                }

                return ExitCodes.Ok;
            case "set" when p.Count >= 4 && long.TryParse(p[3], NumberStyles.None, CultureInfo.InvariantCulture, out var price) && price > 0:
                await catalog.SetAsync(new CatalogItem(p[2], p.Count > 4 ? string.Join(' ', p.Skip(4)) : p[2], price));
                return ExitCodes.Ok;
            case "remove" when p.Count == 3:
                return await catalog.RemoveAsync(p[2]) ? ExitCodes.Ok : throw new PosException(ExitCodes.BadInput, $"'{p[2]}' is not in the catalog.");
            case "import" when p.Count == 3:
                var items = JsonSerializer.Deserialize<CatalogItem[]>(await File.ReadAllTextAsync(p[2]), Json.Options) ?? [];
                foreach (var item in items)
                {
                    await catalog.SetAsync(item);
                }

                await output.WriteLineAsync($"imported {items.Length} items");
                return ExitCodes.Ok;
            default:
                throw new PosException(ExitCodes.Usage, "posapp catalog [list | set ITEM PRICE [NAME] | remove ITEM | import FILE]");
        }
    }
}
