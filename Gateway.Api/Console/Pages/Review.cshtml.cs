using FestivalPos.Gateway.Api.Apis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>
/// The review queue, listed, approved and dismissed through <see cref="ReviewApi"/>'s handlers: an approval from the
/// page is the API's approval, exactly once however often the button is pressed.
/// </summary>
public sealed class ReviewModel(IGrainFactory grains) : ConsolePageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public long After { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReviewId { get; set; }

    public ReviewEntry[] Entries { get; private set; } = [];

    public long? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        await ShowAsync();
        // Said only when the page shows it so: a link cannot make the page claim what did not happen.
        if (Entries.Any(entry => entry.ReviewId == ReviewId && entry.Status == Done))
        {
            Outcome = new Outcome(true, $"{ReviewId} is {Done}.");
        }

        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync() => DecideAsync("approved", reviewId => ReviewApi.Approve(reviewId, grains));

    public Task<IActionResult> OnPostDismissAsync() => DecideAsync("dismissed", reviewId => ReviewApi.Dismiss(reviewId, grains));

    private async Task<IActionResult> DecideAsync(string done, Func<string, Task<Results<NoContent, ProblemHttpResult>>> decide)
    {
        var answer = (await decide(ReviewId ?? "")).Result;
        if (HandlerAnswers.Succeeded(answer))
        {
            // Post, then redirect: reloading the page shows the outcome without sending the decision again.
            return Redirect($"{ConsoleAuthentication.PathBase}/review?after={After}&done={done}&reviewId={Uri.EscapeDataString(ReviewId!)}");
        }

        ShowFailure(answer);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        var answer = (await ReviewApi.List(After, PageSize, grains)).Result;
        if (HandlerAnswers.ValueOf<ReviewPage>(answer) is { } page)
        {
            Entries = page.Entries;
            Next = page.Next;
        }
        else
        {
            ShowFailure(answer);
        }

        return Page();
    }
}
