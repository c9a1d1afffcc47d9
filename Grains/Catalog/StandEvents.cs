using System.Text.Json.Serialization;
using FestivalPos.Grains.Interfaces.Catalog;

namespace FestivalPos.Grains.Catalog;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StandDefined), "standDefined")]
[JsonDerivedType(typeof(CatalogItemSet), "itemSet")]
[JsonDerivedType(typeof(CatalogItemRemoved), "itemRemoved")]
public abstract record StandEvent(DateTimeOffset RecordedAt);

/// <summary>The stand was named, or renamed, and given the vendor it settles with.</summary>
public sealed record StandDefined(string Name, string VendorId, DateTimeOffset RecordedAt) : StandEvent(RecordedAt);

/// <summary>An item was added, or changed: sales recorded before keep the price they were sold at.</summary>
public sealed record CatalogItemSet(CatalogItem Item, DateTimeOffset RecordedAt) : StandEvent(RecordedAt);

public sealed record CatalogItemRemoved(string ItemId, DateTimeOffset RecordedAt) : StandEvent(RecordedAt);

/// <summary>A stand joined the directory.</summary>
public sealed record StandListed(string StandId, DateTimeOffset RecordedAt);
