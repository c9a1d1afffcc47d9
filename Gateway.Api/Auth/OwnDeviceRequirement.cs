using Microsoft.AspNetCore.Authorization;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// A device token acts only as its own device: a {deviceId} in the route that is not the token's is
/// 403. Checked during authorization, so it is refused before the body is even read.
/// </summary>
public sealed class OwnDeviceRequirement : AuthorizationHandler<OwnDeviceRequirement>, IAuthorizationRequirement
{
    /// <summary>Set on the request when this requirement refused it, so the 403 can say why.</summary>
    public const string RefusedItem = "festivalpos.other-device";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnDeviceRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        var routeDeviceId = http.GetRouteValue("deviceId") as string;
        if (!context.User.IsInRole(Roles.Device) || (routeDeviceId is not null && context.User.FindFirst(Roles.DeviceIdClaim)?.Value == routeDeviceId))
        {
            context.Succeed(requirement);
        }
        else
        {
            http.Items[RefusedItem] = true;
        }

        return Task.CompletedTask;
    }
}
