using System.Text.Json;
using System.Text.Json.Serialization;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.OpenApi;
using FestivalPos.Gateway.Api.Telemetry;
using FestivalPos.ServiceDefaults.Health;

namespace FestivalPos.Gateway.Api.Hosting;

public static class GatewayServiceDefaults
{
    /// <summary>Options, strict JSON, ProblemDetails, the cluster's readiness check and OpenAPI.</summary>
    public static IHostApplicationBuilder AddGatewayServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LedgerApiOptions>().BindConfiguration(LedgerApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<Apis.BatchAdmission>();
        builder.Services.AddSingleton<ManagementEndpoint>();

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = BadRequestExceptionHandler.NameStatusCodePages);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options => ConfigureJson(options.SerializerOptions));

        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthTags.Ready]);
        builder.Services.AddGatewayOpenApi();
        return builder;
    }

    /// <summary>No mass assignment: unknown, repeated or missing properties, nulls and numbers in strings are all refused.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.NumberHandling = JsonNumberHandling.Strict;
        json.RespectNullableAnnotations = true;
        json.RespectRequiredConstructorParameters = true;
        json.AllowDuplicateProperties = false;
        json.MaxDepth = 16;
    }
}
