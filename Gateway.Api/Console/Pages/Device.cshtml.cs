using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Api.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>One terminal, read and revoked through the API's own handlers; revoking asks for a confirmation first.</summary>
public sealed class DeviceModel(IGrainFactory grains, ClientRecordCache clients) : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public string DeviceId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public DeviceResponse? Device { get; private set; }

    public bool Confirming { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await ShowAsync();
        if (Done == "revoked" && Device?.Status == "revoked")
        {
            Outcome = new Outcome(true, $"Terminal {DeviceId} is revoked.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync()
    {
        Confirming = true;
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostRevokeConfirmedAsync()
    {
        var answer = (await DevicesApi.Revoke(DeviceId, grains, clients)).Result;
        if (HandlerAnswers.Succeeded(answer))
        {
            return Redirect($"{ConsoleAuthentication.PathBase}/devices/{Uri.EscapeDataString(DeviceId)}?done=revoked");
        }

        ShowFailure(answer);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var answer = (await DevicesApi.Get(DeviceId, grains)).Result;
        Device = HandlerAnswers.ValueOf<DeviceResponse>(answer);
        if (Device is null)
        {
            ShowFailure(answer);
        }

        return Page();
    }
}
