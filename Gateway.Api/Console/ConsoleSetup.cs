using FestivalPos.Gateway.Api.Console.Live;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>
/// The organizer console: Razor Pages under <see cref="ConsoleAuthentication.PathBase"/>, signed in with a cookie of
/// its own scheme (the API's default scheme stays the bearer token, so API answers do not change), a live stream,
/// and its script and stylesheet served from the gateway's assembly. Razor Pages because the console is forms and
/// tables over the API's own handlers, with antiforgery and cookie sign-in built in.
/// </summary>
public static class ConsoleSetup
{
    public const string AssetsPath = ConsoleAuthentication.PathBase + "/assets";

    public static IHostApplicationBuilder AddGatewayConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<LiveSnapshotSource>();
        builder.Services.AddSingleton<LiveStreamCount>();
        builder.Services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.Scheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => ConsoleAuthentication.Configure(cookie, console.Value));
        builder.Services.AddAuthentication().AddCookie(ConsoleAuthentication.OperationsScheme);
        builder.Services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.OperationsScheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => ConsoleAuthentication.ConfigureOperations(cookie, console.Value));
        builder.Services.AddAuthorizationBuilder().AddPolicy(ConsoleAuthentication.Policy, ConsoleAuthentication.BuildPolicy());
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = ConsoleAuthentication.AntiforgeryCookieName;
            // Shared by the console and the attendee's page (Areas/Attendee), whose forms live under other paths.
            antiforgery.Cookie.Path = "/";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Console/Pages";
            pages.Conventions.AuthorizeFolder("/", ConsoleAuthentication.Policy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
            // Per address as for API calls without a token; the sign-in form as the token endpoint (the last limit named wins).
            pages.Conventions.AddFolderApplicationModelConvention("/", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitingSetup.ClientPolicy)));
            pages.Conventions.AddPageApplicationModelConvention("/SignIn", page => page.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimitingSetup.TokenPolicy)));
        });

        // The cookie and the form tokens are protected with the cluster's shared console key (the only data this gateway protects).
        builder.Services.RemoveAll<IDataProtectionProvider>();
        builder.Services.AddSingleton<IDataProtectionProvider, ClusterDataProtection>();
        return builder;
    }

    /// <summary>The pages and the live stream; the management separation keeps them off the management port.</summary>
    public static WebApplication MapGatewayConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapConsoleEvents();
        return app;
    }

    /// <summary>
    /// Console answers are never cached or framed (a framed approve button could be clicked for the organizer) and
    /// load nothing but the gateway's own script and stylesheet. The script and stylesheet are embedded in the
    /// assembly: the console needs no internet and no files beside the gateway.
    /// </summary>
    public static WebApplication UseGatewayConsole(this WebApplication app)
    {
        var management = app.Services.GetRequiredService<ManagementEndpoint>();
        app.UseWhen(context => (context.Request.Path.StartsWithSegments(ConsoleAuthentication.PathBase)
            || context.Request.Path.StartsWithSegments(Areas.Attendee.AttendeeAuthentication.PathBase)) && !management.Serves(context), console =>
        {
            console.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
                return next(context);
            });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new EmbeddedFileProvider(typeof(ConsoleSetup).Assembly, "ConsoleAssets"),
                RequestPath = AssetsPath,
            });
        });
        return app;
    }
}
