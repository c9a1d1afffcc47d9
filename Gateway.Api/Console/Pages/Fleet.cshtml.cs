using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>Every terminal with its sync state, coloured by the configured thresholds, from the live stream.</summary>
public sealed class FleetModel(IOptions<ConsoleOptions> options) : PageModel
{
    public FleetThresholds Thresholds => options.Value.Fleet;

    public void OnGet()
    {
    }
}
