namespace FestivalPos.Wire.Contracts;

public sealed record DefineStandRequest(string Name, string VendorId);

/// <summary>
/// An item as an organizer sets it: <c>price</c> and <c>deposit</c> in minor units, <c>vatRate</c> in percent with at most
/// two decimals (prices include it), <c>minimumAge</c> 0 or the age to check.
/// </summary>
public sealed record CatalogItemRequest(string Name, long Price, decimal VatRate, string Category, long Deposit = 0, int MinimumAge = 0);

public sealed record CatalogItemResponse(string ItemId, string Name, long Price, decimal VatRate, string Category, long Deposit, int MinimumAge);

/// <summary>A stand and its items; <c>name</c> and <c>vendorId</c> are null for a stand terminals were enrolled at but nobody defined.</summary>
public sealed record StandResponse(string StandId, string? Name, string? VendorId, long Version, CatalogItemResponse[] Items);

public sealed record StandsResponse(StandResponse[] Stands);
