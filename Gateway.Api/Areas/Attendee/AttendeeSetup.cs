using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace FestivalPos.Gateway.Api.Areas.Attendee;

/// <summary>
/// The attendee's page is a Razor Pages area beside the console: its own cookie scheme and policy, every page behind
/// it but the sign-in, which is rate-limited per address as token requests are.
/// </summary>
public static class AttendeeSetup
{
    public static IHostApplicationBuilder AddAttendeePages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(AttendeeAuthentication.Scheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(AttendeeAuthentication.Scheme).Configure(AttendeeAuthentication.Configure);
        builder.Services.AddAuthorizationBuilder().AddPolicy(AttendeeAuthentication.Policy, AttendeeAuthentication.BuildPolicy());
        builder.Services.Configure<RazorPagesOptions>(pages =>
        {
            pages.Conventions.AuthorizeAreaFolder(AttendeeAuthentication.Area, "/", AttendeeAuthentication.Policy);
            pages.Conventions.AllowAnonymousToAreaPage(AttendeeAuthentication.Area, "/SignIn");
            pages.Conventions.AddAreaFolderApplicationModelConvention(AttendeeAuthentication.Area, "/",
                page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitingSetup.ClientPolicy)));
            pages.Conventions.AddAreaPageApplicationModelConvention(AttendeeAuthentication.Area, "/SignIn",
                page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitingSetup.TokenPolicy)));
        });
        return builder;
    }
}
