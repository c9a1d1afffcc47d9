using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Api.Operations;
using FestivalPos.ServiceDefaults.Health;
using FestivalPos.ServiceDefaults.Telemetry;
using Scalar.AspNetCore;

namespace FestivalPos.Gateway.Api.Hosting;

public static class GatewayPipeline
{
    /// <summary>Management separation, forwarded headers, errors as ProblemDetails, HSTS, body limit, the console's headers and assets, authentication, rate limits, authorization.</summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseManagementSeparation();
        app.UseGatewayForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHsts();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseGatewayConsole();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.MapAuthApi();
        app.MapDevicesApi();
        app.MapClientsApi();
        app.MapReviewApi();
        app.MapReportsApi();
        app.MapSettlementApi();
        app.MapPaymentsApi();
        app.MapBatchesApi();
        app.MapOfflineSnapshotApi();
        app.MapWalletsApi();
        app.MapAttendeeCodesApi();
        app.MapWristbandsApi();
        app.MapTopUpsApi();
        app.MapRefundsApi();
        app.MapHoldersApi();
        app.MapCashOutApi();
        app.MapStandsApi();
        app.MapGatewayConsole();
        app.MapOperatorDashboard();

        app.MapHealthEndpoints().WithMetadata(new ManagementEndpoint.EverywhereMetadata());
        if (app.Services.GetRequiredService<ManagementEndpoint>().IsEnabled)
        {
            var managementOnly = new ManagementEndpoint.OnlyMetadata();
            app.MapMetricsEndpoint().WithMetadata(managementOnly);
            app.MapOpenApi().WithMetadata(managementOnly);
            app.MapScalarApiReference().WithMetadata(managementOnly);
        }

        return app;
    }

    /// <summary>
    /// Runs after routing (which WebApplication puts first): a request on the management port reaches only the
    /// management and health endpoints, a request on any other port every endpoint but the management ones. Any
    /// other match is dropped, so the request is answered 404 like an unknown path.
    /// </summary>
    private static void UseManagementSeparation(this WebApplication app)
    {
        var management = app.Services.GetRequiredService<ManagementEndpoint>();
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata is { } metadata && metadata.GetMetadata<ManagementEndpoint.EverywhereMetadata>() is null
                && (metadata.GetMetadata<ManagementEndpoint.OnlyMetadata>() is not null) != management.Serves(context))
            {
                context.SetEndpoint(null);
            }

            return next(context);
        });
    }
}
