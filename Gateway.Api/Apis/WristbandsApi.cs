using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Wristbands before the festival: the keys the encoding station programs SUN wristbands with (organizers only).
/// Who was handed how many keys is logged; the keys never are.
/// </summary>
public static partial class WristbandsApi
{
    public static IEndpointRouteBuilder MapWristbandsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/wristbands").WithTags("Wristbands").RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/sun-keys", SunKeys).WithName("GetSunWristbandKeys")
            .WithSummary($"The AES-128 keys of up to {IWristbandKeysGrain.MaxUidsPerRequest} SUN wristbands, to program them with.")
            .RequireAuthorization(Policies.Organizer).CarriesSecrets();
        return app;
    }

    public static async Task<Results<Ok<SunKeysResponse>, ValidationProblem>> SunKeys(
        SunKeysRequest request, IGrainFactory grains, ILoggerFactory loggers, HttpContext http)
    {
        var validator = new RequestValidator().Check(request.Uids is { Length: > 0 and <= IWristbandKeysGrain.MaxUidsPerRequest },
            "uids", $"'uids' must list 1 to {IWristbandKeysGrain.MaxUidsPerRequest} uids.");
        foreach (var (uid, index) in (request.Uids ?? []).Select((uid, index) => (uid, index)))
        {
            validator.SunUid($"uids[{index}]", uid);
        }

        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var keys = await grains.GetGrain<IWristbandKeysGrain>(IWristbandKeysGrain.Any).SunKeys(request.Uids!);
        LogKeysHandedOut(loggers.CreateLogger(typeof(WristbandsApi)), http.User.FindFirst(Roles.ClientIdClaim)?.Value, keys.Length);
        return TypedResults.Ok(new SunKeysResponse([.. request.Uids!.Zip(keys, (uid, key) => new SunKey(uid, key))]));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} was handed the SUN keys of {Count} wristbands.")]
    private static partial void LogKeysHandedOut(ILogger logger, string? clientId, int count);
}
