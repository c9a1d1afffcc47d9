using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>What a terminal needs to sell offline (API.md 1.1): wallets changed since a version, wristbands only as digests, no PIN material.</summary>
public static class OfflineSnapshotApi
{
    public static IEndpointRouteBuilder MapOfflineSnapshotApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/devices/{deviceId}/offline-snapshot").WithTags("Offline snapshot")
            .RequireAuthorization(Policies.DeviceOrOrganizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapGet("/", Get).WithName("GetOfflineSnapshot").WithSummary("Wallets changed after ?since={version}, oldest change first; 'more' says another page follows.");
        return app;
    }

    public static async Task<Results<Ok<OfflineSnapshotResponse>, ProblemHttpResult, ValidationProblem>> Get(
        string deviceId, long? since, IGrainFactory grains, IOptions<SyncOptions> sync)
    {
        var validator = new RequestValidator().Id("deviceId", deviceId).Check(since is null or >= 0, "since", "'since' must be 0 or more.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        if (await StandsApi.CatalogOfDeviceAsync(grains, deviceId) is not { } catalog)
        {
            return Problems.NotFound("device", $"Device '{deviceId}' is not enrolled.");
        }

        var snapshot = await grains.Reference<IOfflineSnapshotGrain>(IOfflineSnapshotGrain.AllWallets).GetSnapshot(since ?? 0, sync.Value.SnapshotPageSize);
        var qrPublicKey = await grains.Reference<IQrTokenGrain>(IQrTokenGrain.CurrentKey).GetPublicKey();
        var snapshotKey = Convert.FromBase64String(await grains.Reference<ISnapshotKeyGrain>(ISnapshotKeyGrain.Current).GetOrCreate());
        return TypedResults.Ok(ToResponse(snapshot, qrPublicKey, snapshotKey) with { Catalog = catalog });
    }

    public static OfflineSnapshotResponse ToResponse(OfflineSnapshot snapshot, string qrPublicKey, byte[] snapshotKey) => new(
        [.. snapshot.Wallets.Select(wallet => ToWallet(wallet, snapshotKey))],
        [.. snapshot.Wallets.Where(w => w.Status == WalletStatus.Blocked).Select(w => w.WalletId)],
        snapshot.Version,
        snapshot.More,
        qrPublicKey,
        snapshot.WristbandCredential);

    private static SnapshotWallet ToWallet(WalletOfflineView wallet, byte[] snapshotKey) => new(
        wallet.WalletId,
        wallet.Balance,
        Names.Of(wallet.Status),
        [.. wallet.Uids.Select(uid => UidDigest.Compute(snapshotKey, uid))],
        wallet.PinLocked);
}
