using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Areas.Attendee.Pages;

/// <summary>Wallet id and attendee code, checked by the wallet against its hash; the same answer for an unknown wallet and a wrong code.</summary>
public sealed class SignInModel(IGrainFactory grains) : PageModel
{
    [BindProperty]
    public string? WalletId { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        (await HttpContext.AuthenticateAsync(AttendeeAuthentication.Scheme)).Succeeded ? LocalRedirect(AttendeeAuthentication.PathBase) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!LedgerLimits.IsValidId(WalletId) || !AttendeeCodes.IsWellFormed(Code))
        {
            return Refuse(StatusCodes.Status400BadRequest, "Enter your wallet id and the 12-character code from your wristband card.");
        }

        if (await grains.Reference<IWalletGrain>(WalletId!).CheckAttendeeCode(Code!) is not { } codeVersion)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "Unknown wallet or wrong code.");
        }

        await HttpContext.SignInAsync(AttendeeAuthentication.Scheme, AttendeeAuthentication.PrincipalOf(WalletId!, codeVersion));
        return LocalRedirect(AttendeeAuthentication.PathBase);
    }

    private PageResult Refuse(int status, string error)
    {
        Error = error;
        Response.StatusCode = status;
        return Page();
    }
}
