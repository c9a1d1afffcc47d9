using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.ServiceDefaults.Health;

/// <summary>
/// /health/startup, /health/ready and /health/live, each answering 200 when every check tagged for it (see
/// <see cref="HealthTags"/>) is healthy and 503 otherwise. A host adds its own checks with the tags they count in.
/// </summary>
public static class HealthEndpoints
{
    public const string PathPrefix = "/health";

    /// <summary>The checks every host has: it has started and is not stopping (startup and ready).</summary>
    public static IHealthChecksBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder) =>
        builder.Services.AddHealthChecks().AddCheck<HostStartedHealthCheck>("started", tags: [HealthTags.Startup, HealthTags.Ready]);

    /// <summary>The three probe paths, as one group for conventions that apply to all of them.</summary>
    public static RouteGroupBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup(PathPrefix);
        foreach (var tag in new[] { HealthTags.Startup, HealthTags.Ready, HealthTags.Live })
        {
            health.MapHealthChecks($"/{tag}", new HealthCheckOptions { Predicate = check => check.Tags.Contains(tag) });
        }

        return health;
    }
}
