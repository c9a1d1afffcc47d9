using FestivalPos.Grains.Interfaces;

namespace FestivalPos.Grains.Interfaces.Catalog;

/// <summary>What a stand and an item may be: the one home of these bounds, for the gateway's messages and the grain's check.</summary>
public static class CatalogRules
{
    public const int MaxNameLength = 100;
    public const int MaxCategoryLength = 40;
    public const int MaxItemsPerStand = 500;
    public const int MaxVatBasisPoints = 10_000;
    public const int MaxMinimumAge = 25;

    public static bool IsValidName(string? name, int maxLength = MaxNameLength) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= maxLength && !name.Any(char.IsControl);

    public static bool IsValid(CatalogItem item) =>
        LedgerLimits.IsValidId(item.ItemId) && IsValidName(item.Name) && IsValidName(item.Category, MaxCategoryLength)
        && item.Price is >= 0 and <= LedgerLimits.MaxAmount && item.Deposit is >= 0 and <= LedgerLimits.MaxAmount
        && item.VatBasisPoints is >= 0 and <= MaxVatBasisPoints && item.MinimumAge is >= 0 and <= MaxMinimumAge;
}
