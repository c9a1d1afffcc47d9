using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Catalog;

namespace FestivalPos.Grains.Catalog;

/// <summary>A stand folded from its events.</summary>
public sealed class StandState : IStreamState<StandEvent>
{
    private readonly List<CatalogItem> _items = [];

    public string? Name { get; private set; }

    public string? VendorId { get; private set; }

    public long Version { get; private set; }

    public IReadOnlyList<CatalogItem> Items => _items;

    public void Apply(StandEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case StandDefined defined:
                (Name, VendorId) = (defined.Name, defined.VendorId);
                break;
            case CatalogItemSet set:
                var at = _items.FindIndex(item => item.ItemId == set.Item.ItemId);
                if (at < 0)
                {
                    _items.Add(set.Item);
                }
                else
                {
                    _items[at] = set.Item;
                }

                break;
            case CatalogItemRemoved removed:
                _items.RemoveAll(item => item.ItemId == removed.ItemId);
                break;
        }

        Version = version;
    }

    public StandCatalog ToCatalog(string standId) => new(standId, Name, VendorId, Version, [.. _items]);
}

/// <summary>The directory's stand ids, in the order they were first defined.</summary>
public sealed class StandDirectoryState : IStreamState<StandListed>
{
    private readonly List<string> _standIds = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public IReadOnlyList<string> StandIds => _standIds;

    public bool Contains(string standId) => _known.Contains(standId);

    public void Apply(StandListed @event, long version, string hash)
    {
        if (_known.Add(@event.StandId))
        {
            _standIds.Add(@event.StandId);
        }
    }
}
