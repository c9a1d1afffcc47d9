using FestivalPos.Gateway.Api.Apis;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace FestivalPos.Gateway.Api.Hosting;

public static class GatewayPipeline
{
    /// <summary>Forwarded headers, errors as ProblemDetails, HSTS, body limit, authentication, rate limits, authorization.</summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        app.UseGatewayForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseHsts();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
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
        app.MapPaymentsApi();
        app.MapBatchesApi();
        app.MapOfflineSnapshotApi();
        app.MapWalletsApi();
        app.MapTopUpsApi();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ClusterHealthCheck.ReadyTag) });
        app.MapPrometheusScrapingEndpoint();
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}
