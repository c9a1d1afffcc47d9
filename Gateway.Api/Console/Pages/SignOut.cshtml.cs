using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>Ends the session: the cookie is removed, a copy of it is refused on this gateway, its live streams end.</summary>
public sealed class SignOutModel(ConsoleSessions sessions, TimeProvider time) : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleAuthentication.PathBase);

    public async Task<IActionResult> OnPostAsync()
    {
        var signedIn = await HttpContext.AuthenticateAsync(ConsoleAuthentication.Scheme);
        if (signedIn.Principal is { } principal)
        {
            sessions.End(ConsoleAuthentication.SessionOf(principal), signedIn.Properties?.ExpiresUtc ?? time.GetUtcNow());
        }

        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return Redirect(ConsoleAuthentication.SignInPath);
    }
}
