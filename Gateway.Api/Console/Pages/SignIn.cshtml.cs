using System.Globalization;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>Client id and secret, checked by the token endpoint's <see cref="TokenIssuer"/> (same secret checks, same backoff), then the console cookie.</summary>
public sealed class SignInModel(TokenIssuer issuer) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? ClientId { get; set; }

    [BindProperty]
    public string? ClientSecret { get; set; }

    public string? Error { get; private set; }

    /// <summary>Someone signed in already goes where the form would take them.</summary>
    public async Task<IActionResult> OnGetAsync() =>
        (await HttpContext.AuthenticateAsync(ConsoleAuthentication.Scheme)).Succeeded ? LocalRedirect(Destination) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(ClientId) || string.IsNullOrEmpty(ClientSecret) || ClientSecret.Length > RequestValidator.MaxSecretLength)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Enter a client id and its secret.");
        }

        var authentication = await issuer.AuthenticateAsync(ClientId, ClientSecret);
        switch (authentication.Outcome)
        {
            case TokenAuthenticationOutcome.Authenticated when ConsoleAuthentication.SchemeFor(authentication.Client!) is { } scheme:
                await HttpContext.SignInAsync(scheme, ConsoleAuthentication.PrincipalOf(authentication.Client!));
                return LocalRedirect(scheme == ConsoleAuthentication.Scheme ? Destination : Operations.OperatorDashboard.Path + "/");
            case TokenAuthenticationOutcome.Authenticated:
                return Refuse(StatusCodes.Status403Forbidden, "This client's role may not use the console.");
            case TokenAuthenticationOutcome.BackingOff:
                var seconds = Math.Max(1, (int)Math.Ceiling(authentication.RetryAfter.TotalSeconds));
                Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Refuse(StatusCodes.Status429TooManyRequests, $"Too many wrong secrets for this client id: try again in {seconds} seconds.");
            case TokenAuthenticationOutcome.Busy:
                return Refuse(StatusCodes.Status503ServiceUnavailable, "The gateway is checking many secrets at once: try again in a moment.");
            default:
                return Refuse(StatusCodes.Status401Unauthorized, "Unknown client or wrong secret.");
        }
    }

    private string Destination => IsConsolePath(ReturnUrl) ? ReturnUrl! : ConsoleAuthentication.PathBase;

    /// <summary>Only a console page is a place to return to: no open redirect, not even to the API.</summary>
    private static bool IsConsolePath(string? url) =>
        url is { Length: > 0 } && url.StartsWith(ConsoleAuthentication.PathBase, StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.Contains('\\', StringComparison.Ordinal);

    private PageResult Refuse(int status, string error)
    {
        Error = error;
        Response.StatusCode = status;
        return Page();
    }
}
