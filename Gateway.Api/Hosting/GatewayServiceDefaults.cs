using System.Text.Json;
using System.Text.Json.Serialization;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.OpenApi;
using FestivalPos.Gateway.Api.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FestivalPos.Gateway.Api.Hosting;

public static class GatewayServiceDefaults
{
    /// <summary>Options, strict JSON, ProblemDetails, health checks, OpenAPI and OpenTelemetry.</summary>
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

        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ClusterHealthCheck.ReadyTag]);
        builder.Services.AddGatewayOpenApi();
        AddTelemetry(builder);
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

    /// <summary>Metrics always (served on the management endpoint's /metrics); traces only when there is an OTLP collector to send them to.</summary>
    private static void AddTelemetry(IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(GatewayMetrics.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddSource("Microsoft.Orleans.Runtime")
                    .AddSource("Microsoft.Orleans.Application"))
                .UseOtlpExporter();
        }
    }
}
