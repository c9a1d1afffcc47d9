using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Console.Live;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>
/// The console's sign-in: an organizer's client credentials, checked as a token request checks them, then an
/// HttpOnly, SameSite=Strict cookie scoped to <see cref="PathBase"/>, so the bearer API never sees it. Every
/// request re-checks the client's record as bearer tokens are re-checked: revoked, role changed or secret rotated
/// ends the session.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "console-cookie";
    public const string Policy = "console";
    public const string PathBase = "/console";
    public const string SignInPath = PathBase + "/sign-in";
    public const string CookieName = "festivalpos-console";
    public const string AntiforgeryCookieName = "festivalpos-console-antiforgery";

    /// <summary>Identifies one sign-in, so signing out ends that session's live streams and refuses its cookie here.</summary>
    public const string SessionClaim = "console_session";

    /// <summary>
    /// An operator signs in on the same form and gets a cookie of this scheme, scoped to <see cref="OperationsPath"/>:
    /// the Orleans Dashboard's pages accept it (<see cref="AuthenticationSetup.OperatorSchemes"/>); the console's do not.
    /// </summary>
    public const string OperationsScheme = "operations-cookie";
    public const string OperationsPath = "/operations";
    public const string OperationsCookieName = "festivalpos-operations";

    /// <summary>The cookie a client's role signs in with: the console for organizers, the operations pages for operators, none for others.</summary>
    public static string? SchemeFor(ApiClientView client) => client.Role switch
    {
        ApiClientRole.Organizer => Scheme,
        ApiClientRole.Operator => OperationsScheme,
        _ => null,
    };

    public static bool MaySignIn(ApiClientView client) => SchemeFor(client) is not null;

    public static AuthorizationPolicy BuildPolicy() =>
        new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireRole(Roles.Organizer).Build();

    public static ClaimsPrincipal PrincipalOf(ApiClientView client)
    {
        Claim[] claims =
        [
            new(Roles.ClientIdClaim, client.ClientId),
            new(Roles.RoleClaim, Roles.NameOf(client.Role)),
            new(Roles.SecretVersionClaim, client.SecretVersion.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32),
            new(SessionClaim, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
        ];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeFor(client), Roles.ClientIdClaim, Roles.RoleClaim));
    }

    public static string? SessionOf(ClaimsPrincipal principal) => principal.FindFirst(SessionClaim)?.Value;

    public static void Configure(CookieAuthenticationOptions cookie, ConsoleOptions options) =>
        Configure(cookie, options, CookieName, PathBase, AnswerOrRedirect);

    /// <summary>
    /// The operator's cookie. The dashboard's policy also takes bearer tokens: a browser page that is not signed in goes
    /// to the sign-in form; anything else is left to the bearer scheme, which answers 401 or 403 as ProblemDetails.
    /// </summary>
    public static void ConfigureOperations(CookieAuthenticationOptions cookie, ConsoleOptions options) =>
        Configure(cookie, options, OperationsCookieName, OperationsPath, (context, status) =>
        {
            if (status == StatusCodes.Status401Unauthorized && IsBrowserPage(context.Request))
            {
                context.Response.Redirect(context.RedirectUri);
            }

            return Task.CompletedTask;
        });

    private static bool IsBrowserPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey("Authorization") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

    private static void Configure(
        CookieAuthenticationOptions cookie, ConsoleOptions options, string name, string path, Func<RedirectContext<CookieAuthenticationOptions>, int, Task> answer)
    {
        cookie.Cookie.Name = name;
        cookie.Cookie.Path = path;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = SignInPath;
        cookie.AccessDeniedPath = SignInPath;
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            OnRedirectToLogin = context => answer(context, StatusCodes.Status401Unauthorized),
            OnRedirectToAccessDenied = context => answer(context, StatusCodes.Status403Forbidden),
        };
    }

    /// <summary>The client must still exist, unrevoked, in an allowed role, with the secret it signed in with; the session must not be signed out.</summary>
    public static async Task<bool> IsStillAllowedAsync(IServiceProvider services, ClaimsPrincipal principal)
    {
        var clientId = principal.FindFirst(Roles.ClientIdClaim)?.Value;
        var client = ClientIds.IsValid(clientId) ? await services.GetRequiredService<ClientRecordCache>().GetAsync(clientId!) : null;
        return client is { Revoked: false }
            && MaySignIn(client)
            && principal.FindFirst(Roles.RoleClaim)?.Value == Roles.NameOf(client.Role)
            && principal.FindFirst(Roles.SecretVersionClaim)?.Value == client.SecretVersion.ToString(CultureInfo.InvariantCulture)
            && !services.GetRequiredService<ConsoleSessions>().HasEnded(SessionOf(principal));
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!await IsStillAllowedAsync(context.HttpContext.RequestServices, context.Principal!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    /// <summary>Pages redirect to the sign-in form; the live stream, read by script, gets a bare status instead.</summary>
    private static Task AnswerOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(ConsoleEvents.Path))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
