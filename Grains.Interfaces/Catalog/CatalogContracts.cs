namespace FestivalPos.Grains.Interfaces.Catalog;

/// <summary>
/// An item a stand sells. Amounts in minor units; <see cref="VatBasisPoints"/> is the VAT rate in hundredths of a
/// percent (2100 = 21 %), prices including it; <see cref="Deposit"/> is the returnable deposit (a cup) charged with each
/// one; <see cref="MinimumAge"/> is 0, or the age the cashier must check before selling it.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.CatalogItem")]
public sealed record CatalogItem(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string Name,
    [property: Id(2)] long Price,
    [property: Id(3)] int VatBasisPoints,
    [property: Id(4)] string Category,
    [property: Id(5)] long Deposit,
    [property: Id(6)] int MinimumAge);

/// <summary>A stand, the vendor it settles with, and its items in the order they were first added.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.StandCatalog")]
public sealed record StandCatalog(
    [property: Id(0)] string StandId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? VendorId,
    [property: Id(3)] long Version,
    [property: Id(4)] CatalogItem[] Items)
{
    public bool Defined => Name is not null;

    /// <summary>What a terminal at a stand nobody defined gets: no items, so it sells by amount.</summary>
    public static StandCatalog Undefined(string standId) => new(standId, null, null, 0, []);
}

[GenerateSerializer, Alias("FestivalPos.CatalogOutcome")]
public enum CatalogOutcome
{
    Done = 0,
    StandNotFound = 1,
    ItemNotFound = 2,
    InvalidInput = 3,
    TooManyItems = 4,
}

/// <summary>One stand's definition and catalog. Keyed by standId.</summary>
[Alias("FestivalPos.IStandGrain")]
public interface IStandGrain : IGrainWithStringKey
{
    [Alias("Define")]
    Task<CatalogOutcome> Define(string name, string vendorId);

    [Alias("SetItem")]
    Task<CatalogOutcome> SetItem(CatalogItem item);

    [Alias("RemoveItem")]
    Task<CatalogOutcome> RemoveItem(string itemId);

    [Alias("GetCatalog")]
    Task<StandCatalog> GetCatalog();
}

/// <summary>The ids of every defined stand, so organizers can list them. Key <see cref="All"/>.</summary>
[Alias("FestivalPos.IStandDirectoryGrain")]
public interface IStandDirectoryGrain : IGrainWithStringKey
{
    const string All = "all";

    [Alias("Add")]
    Task Add(string standId);

    [Alias("GetStandIds")]
    Task<string[]> GetStandIds();
}
