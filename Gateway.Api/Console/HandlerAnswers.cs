using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>
/// Reads what an API handler answered, so a console page runs the very handler the HTTP API runs (its checks, its
/// grain calls, its exactly-once rules) and shows the same outcome.
/// </summary>
public static class HandlerAnswers
{
    public static T? ValueOf<T>(IResult answer) where T : class => (answer as Ok<T>)?.Value;

    public static bool Succeeded(IResult answer) => answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 };

    public static int StatusOf(IResult answer) => (answer as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status500InternalServerError;

    /// <summary>The problem's title and detail, or a validation problem's messages; null for a success.</summary>
    public static string? ProblemOf(IResult answer) => answer switch
    {
        ValidationProblem validation => string.Join(" ", validation.ProblemDetails.Errors.SelectMany(error => error.Value)),
        ProblemHttpResult problem => $"{problem.ProblemDetails.Title}. {problem.ProblemDetails.Detail}",
        _ => null,
    };

    /// <summary>Minor units as the currency's major units with two decimals (ledger amounts are cents).</summary>
    public static string Money(long minorUnits) => (minorUnits / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
