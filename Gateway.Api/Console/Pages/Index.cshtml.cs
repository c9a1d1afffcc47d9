using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>Live sales per stand, the top stands and the exposure figures, all drawn from the live stream.</summary>
public sealed class IndexModel(IOptions<ConsoleOptions> options) : PageModel
{
    public int WindowMinutes => options.Value.SalesWindowMinutes;

    public void OnGet()
    {
    }
}
