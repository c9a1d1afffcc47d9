using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>
/// A console page over the API's handlers: what an action came to is shown above the page. The first failure of a
/// request (the action's, or else the page's own read) gives the message and the status.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    public Outcome? Outcome { get; protected set; }

    /// <summary>Shows a handler's problem above the page, with its status, unless a failure of this request already is.</summary>
    protected void ShowFailure(IResult answer)
    {
        if (Outcome is { Succeeded: false })
        {
            return;
        }

        Outcome = new Outcome(false, HandlerAnswers.ProblemOf(answer)!);
        Response.StatusCode = HandlerAnswers.StatusOf(answer);
    }
}
