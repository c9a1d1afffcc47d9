using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Interfaces.Devices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>Organizer calls on POS devices: enroll, revoke, inspect.</summary>
public static class DevicesApi
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/devices").WithTags("Devices")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/", Enroll).WithName("EnrollDevice").WithSummary("Enrolls a POS device; its client secret and signing key are returned only here.").CarriesSecrets();
        api.MapPost("/{deviceId}/revoke", Revoke).WithName("RevokeDevice").WithSummary("Revokes a device: its tokens and unsent offline batches stop being accepted.");
        api.MapGet("/{deviceId}", Get).WithName("GetDevice").WithSummary("A device's status, sync cursor and gaps.");
        return app;
    }

    public static async Task<Results<Created<EnrolledDevice>, ProblemHttpResult, ValidationProblem>> Enroll(
        EnrollDeviceRequest request, IGrainFactory grains, IOptions<LedgerApiOptions> ledger)
    {
        var maxAmount = ledger.Value.MaxAmount;
        var validator = new RequestValidator().Id("deviceId", request.DeviceId).Id("standId", request.StandId)
            .Check(request.OfflineMaxPerWallet is not { } limit || limit >= 0 && limit <= maxAmount, "offlineMaxPerWallet",
                $"'offlineMaxPerWallet' must be an integer from 0 to {maxAmount}.");
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var enrolled = await grains.Reference<IPosDeviceGrain>(request.DeviceId).Enroll(request.StandId, request.OfflineMaxPerWallet);
        if (enrolled.Outcome == EnrollOutcome.AlreadyExists)
        {
            return Problems.Conflict("device-exists", "The device is already enrolled", $"Device '{request.DeviceId}' exists.");
        }

        if (enrolled.Outcome != EnrollOutcome.Enrolled)
        {
            return Problems.BadRequest("invalid-device", "The device cannot be enrolled", "The device or stand id was refused.");
        }

        var clientId = ClientIds.ForDevice(request.DeviceId);
        var secret = ClientSecretHasher.NewSecret();
        var client = grains.Reference<IApiClientGrain>(clientId);
        if (await client.Create(new ApiClientRegistration(ApiClientRole.Device, request.DeviceId, ClientSecretHasher.HashGenerated(secret))) != ApiClientCreateOutcome.Created)
        {
            // Only a device enrolled just now can own this id: a leftover record gets the new secret.
            await client.ReplaceSecret(ClientSecretHasher.HashGenerated(secret));
        }

        var body = new EnrolledDevice(request.DeviceId, request.StandId, clientId, secret, enrolled.SigningKey!, enrolled.SnapshotKey!, enrolled.OfflineMaxPerWallet);
        return TypedResults.Created($"/api/v1/devices/{request.DeviceId}", body);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Revoke(string deviceId, IGrainFactory grains, ClientRecordCache clients)
    {
        var validator = new RequestValidator().Id("deviceId", deviceId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        // The client first: its tokens stop at the next request, before the device refuses batches.
        await grains.Reference<IApiClientGrain>(ClientIds.ForDevice(deviceId)).Revoke();
        clients.Evict(ClientIds.ForDevice(deviceId));
        return await grains.Reference<IPosDeviceGrain>(deviceId).Revoke()
            ? TypedResults.NoContent()
            : Problems.NotFound("device", $"Device '{deviceId}' is not enrolled.");
    }

    public static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult, ValidationProblem>> Get(string deviceId, IGrainFactory grains)
    {
        var validator = new RequestValidator().Id("deviceId", deviceId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var view = await grains.Reference<IPosDeviceGrain>(deviceId).GetView();
        return view is null
            ? Problems.NotFound("device", $"Device '{deviceId}' is not enrolled.")
            : TypedResults.Ok(new DeviceResponse(view.DeviceId, view.StandId, Names.Of(view.Status), view.AckedThrough, view.Gaps, view.LedgerEpoch));
    }
}
