using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Areas.Attendee.Pages;

public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(AttendeeAuthentication.PathBase);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AttendeeAuthentication.Scheme);
        return LocalRedirect(AttendeeAuthentication.SignInPath);
    }
}
