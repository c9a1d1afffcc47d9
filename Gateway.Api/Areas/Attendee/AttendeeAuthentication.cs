using System.Security.Claims;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace FestivalPos.Gateway.Api.Areas.Attendee;

/// <summary>
/// The attendee's own page: signed in with the wallet id and the code on the wristband card, then an HttpOnly,
/// SameSite=Strict cookie scoped to <see cref="PathBase"/> that names that one wallet and nothing else. Every page
/// reads only the wallet of the cookie, so an attendee sees only their own. A code issued again ends the sessions
/// signed in with the one before.
/// </summary>
public static class AttendeeAuthentication
{
    public const string Scheme = "attendee-cookie";
    public const string Policy = "attendee";
    public const string Area = "Attendee";
    public const string PathBase = "/wallet";
    public const string SignInPath = PathBase + "/sign-in";
    public const string CookieName = "festivalpos-wallet";
    public const string WalletIdClaim = "wallet_id";
    public const string CodeVersionClaim = "code_version";

    public static AuthorizationPolicy BuildPolicy() =>
        new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().RequireClaim(WalletIdClaim).Build();

    public static ClaimsPrincipal PrincipalOf(string walletId, long codeVersion) =>
        new(new ClaimsIdentity([new(WalletIdClaim, walletId), new(CodeVersionClaim, codeVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))], Scheme, WalletIdClaim, null));

    public static string WalletOf(ClaimsPrincipal principal) => principal.FindFirst(WalletIdClaim)!.Value;

    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = PathBase;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = SignInPath;
        cookie.AccessDeniedPath = SignInPath;
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events = new CookieAuthenticationEvents { OnValidatePrincipal = ValidateAsync };
    }

    /// <summary>The wallet's code must still be the one signed in with: issuing a new code (a lost card) ends older sessions.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        var current = await grains.Reference<IWalletGrain>(WalletOf(principal)).GetAttendeeCodeVersion();
        if (current is null || current.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) != principal.FindFirst(CodeVersionClaim)?.Value)
        {
            context.RejectPrincipal();
        }
    }
}
