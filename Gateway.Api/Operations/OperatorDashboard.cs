using FestivalPos.Clustering.Dashboard;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using Orleans.Dashboard;

namespace FestivalPos.Gateway.Api.Operations;

/// <summary>
/// The Orleans Dashboard under <see cref="Path"/>: its page, assets and JSON data alike need an operator
/// (<see cref="Policies.Operator"/>), count against the client's rate limit, and stay out of the OpenAPI document.
/// Its grain state view is refused: it reads a grain by calling its getters, so it would show balances and secrets.
/// Nothing when Dashboard:Enabled is false.
/// </summary>
public static class OperatorDashboard
{
    public const string Path = "/operations/dashboard";

    private const string GrainStateRoute = Path + "/GrainState";

    public static WebApplication MapOperatorDashboard(this WebApplication app)
    {
        if (ClusterDashboard.IsEnabled(app.Configuration))
        {
            IEndpointConventionBuilder dashboard = app.MapOrleansDashboard(Path)
                .RequireAuthorization(Policies.Operator)
                .RequireRateLimiting(RateLimitingSetup.ClientPolicy)
                .ExcludeFromDescription();
            dashboard.Add(RefuseGrainState);
        }

        return app;
    }

    /// <summary>Replaces the grain state endpoint's handler; authorization still runs first, as for every other route.</summary>
    private static void RefuseGrainState(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder route && string.Equals(route.RoutePattern.RawText, GrainStateRoute, StringComparison.OrdinalIgnoreCase))
        {
            endpoint.RequestDelegate = context => Problems.Forbidden("grain-state-hidden", "Grain state is not shown",
                "The dashboard does not show grain state: it holds balances and secrets. Use the API (GET /api/v1/wallets/{walletId}) as an organizer.")
                .ExecuteAsync(context);
        }
    }
}
