using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Catalog;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Wire.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Stands and their catalog, managed centrally by organizers; a terminal reads its own stand's catalog (also on every
/// page of its offline snapshot) and sells by item.
/// </summary>
public static class StandsApi
{
    public static IEndpointRouteBuilder MapStandsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/stands").WithTags("Stands")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapGet("/", List).WithName("ListStands").WithSummary("Every defined stand with its items, in the order they were defined.");
        api.MapPut("/{standId}", Define).WithName("DefineStand").WithSummary("Creates the stand, or renames it and changes its vendor.");
        api.MapGet("/{standId}", Get).WithName("GetStand").WithSummary("The stand and its items.");
        api.MapPut("/{standId}/items/{itemId}", SetItem).WithName("SetCatalogItem").WithSummary("Adds the item to the stand's catalog, or changes it.");
        api.MapDelete("/{standId}/items/{itemId}", RemoveItem).WithName("RemoveCatalogItem").WithSummary("Takes the item off the stand's catalog; past sales keep it.");
        app.MapGet("/api/v1/devices/{deviceId}/catalog", DeviceCatalog).WithTags("Stands").WithName("GetDeviceCatalog")
            .WithSummary("The catalog of the device's stand; no items when nobody defined the stand.")
            .RequireAuthorization(Policies.DeviceOrOrganizer).RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        return app;
    }

    public static async Task<Ok<StandsResponse>> List(IGrainFactory grains)
    {
        var ids = await grains.Reference<IStandDirectoryGrain>(IStandDirectoryGrain.All).GetStandIds();
        var catalogs = await Task.WhenAll(ids.Select(id => grains.Reference<IStandGrain>(id).GetCatalog()));
        return TypedResults.Ok(new StandsResponse([.. catalogs.Where(catalog => catalog.Defined).Select(ToResponse)]));
    }

    public static async Task<Results<Ok<StandResponse>, ProblemHttpResult, ValidationProblem>> Define(string standId, DefineStandRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Id("standId", standId)
            .Check(CatalogRules.IsValidName(request.Name), "name", $"'name' must be 1 to {CatalogRules.MaxNameLength} characters, not only spaces.")
            .Id("vendorId", request.VendorId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var stand = grains.Reference<IStandGrain>(standId);
        return await stand.Define(request.Name, request.VendorId) == CatalogOutcome.Done
            ? TypedResults.Ok(ToResponse(await stand.GetCatalog()))
            : InvalidInput();
    }

    public static async Task<Results<Ok<StandResponse>, ProblemHttpResult, ValidationProblem>> Get(string standId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("standId", standId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var catalog = await grains.Reference<IStandGrain>(standId).GetCatalog();
        return catalog.Defined ? TypedResults.Ok(ToResponse(catalog)) : StandNotFound(standId);
    }

    public static async Task<Results<Ok<StandResponse>, ProblemHttpResult, ValidationProblem>> SetItem(
        string standId, string itemId, CatalogItemRequest request, IGrainFactory grains)
    {
        var validator = new RequestValidator()
            .Id("standId", standId)
            .Id("itemId", itemId)
            .Check(CatalogRules.IsValidName(request.Name), "name", $"'name' must be 1 to {CatalogRules.MaxNameLength} characters, not only spaces.")
            .Check(request.Price is >= 0 and <= Grains.Interfaces.LedgerLimits.MaxAmount, "price", $"'price' must be 0 to {Grains.Interfaces.LedgerLimits.MaxAmount} minor units.")
            .Check(request.VatRate is >= 0 and <= 100 && decimal.Round(request.VatRate, 2) == request.VatRate, "vatRate", "'vatRate' must be a percentage from 0 to 100 with at most two decimals.")
            .Check(CatalogRules.IsValidName(request.Category, CatalogRules.MaxCategoryLength), "category", $"'category' must be 1 to {CatalogRules.MaxCategoryLength} characters, not only spaces.")
            .Check(request.Deposit is >= 0 and <= Grains.Interfaces.LedgerLimits.MaxAmount, "deposit", $"'deposit' must be 0 to {Grains.Interfaces.LedgerLimits.MaxAmount} minor units.")
            .Check(request.MinimumAge is >= 0 and <= CatalogRules.MaxMinimumAge, "minimumAge", $"'minimumAge' must be 0 (none) to {CatalogRules.MaxMinimumAge}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var item = new CatalogItem(itemId, request.Name, request.Price, (int)(request.VatRate * 100), request.Category, request.Deposit, request.MinimumAge);
        var stand = grains.Reference<IStandGrain>(standId);
        return await stand.SetItem(item) switch
        {
            CatalogOutcome.Done => TypedResults.Ok(ToResponse(await stand.GetCatalog())),
            CatalogOutcome.StandNotFound => StandNotFound(standId),
            CatalogOutcome.TooManyItems => Problems.Conflict("catalog-full", "The stand has as many items as a stand may have",
                $"Stand '{standId}' has {CatalogRules.MaxItemsPerStand} items: remove one first."),
            _ => InvalidInput(),
        };
    }

    public static async Task<Results<Ok<StandResponse>, ProblemHttpResult, ValidationProblem>> RemoveItem(string standId, string itemId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("standId", standId).Id("itemId", itemId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var stand = grains.Reference<IStandGrain>(standId);
        return await stand.RemoveItem(itemId) switch
        {
            CatalogOutcome.Done => TypedResults.Ok(ToResponse(await stand.GetCatalog())),
            CatalogOutcome.StandNotFound => StandNotFound(standId),
            CatalogOutcome.ItemNotFound => Problems.NotFound("item", $"Stand '{standId}' has no item '{itemId}'."),
            _ => InvalidInput(),
        };
    }

    public static async Task<Results<Ok<StandResponse>, ProblemHttpResult, ValidationProblem>> DeviceCatalog(string deviceId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("deviceId", deviceId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        return await CatalogOfDeviceAsync(grains, deviceId) is { } catalog
            ? TypedResults.Ok(catalog)
            : Problems.NotFound("device", $"Device '{deviceId}' is not enrolled.");
    }

    /// <summary>The catalog of the stand the device was enrolled at, or null for a device that is not enrolled.</summary>
    public static async Task<StandResponse?> CatalogOfDeviceAsync(IGrainFactory grains, string deviceId) =>
        await grains.Reference<IPosDeviceGrain>(deviceId).GetView() is { } device
            ? ToResponse(await grains.Reference<IStandGrain>(device.StandId).GetCatalog())
            : null;

    public static StandResponse ToResponse(StandCatalog catalog) => new(
        catalog.StandId, catalog.Name, catalog.VendorId, catalog.Version,
        [.. catalog.Items.Select(item => new CatalogItemResponse(item.ItemId, item.Name, item.Price, item.VatBasisPoints / 100m, item.Category, item.Deposit, item.MinimumAge))]);

    private static ProblemHttpResult StandNotFound(string standId) => Problems.NotFound("stand", $"Stand '{standId}' is not defined.");

    private static ProblemHttpResult InvalidInput() => Problems.BadRequest("validation", "The request is not valid", "The ledger refused the input.");
}
