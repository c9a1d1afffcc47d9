using FestivalPos.Gateway.Api.Errors;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>A device token acts only as its own device: any other {deviceId} in the route is 403.</summary>
public sealed class DeviceIdentityFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        var routeDeviceId = context.HttpContext.GetRouteValue("deviceId") as string;
        if (user.IsInRole(Roles.Device) && user.FindFirst(Roles.DeviceIdClaim)?.Value != routeDeviceId)
        {
            return Problems.Forbidden("other-device", "A device may only act as itself", "This token belongs to another device.");
        }

        return await next(context);
    }
}
