using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Errors;

/// <summary>The ProblemDetails answers of the API: each has a stable <c>type</c> and a title saying what was wrong.</summary>
public static class Problems
{
    public const string TypePrefix = Wire.ProblemTypes.Prefix;

    public static ProblemHttpResult NotFound(string what, string detail) =>
        Create(StatusCodes.Status404NotFound, $"{what}-not-found", $"Unknown {what}", detail);

    public static ProblemHttpResult Conflict(string type, string title, string detail) =>
        Create(StatusCodes.Status409Conflict, type, title, detail);

    public static ProblemHttpResult Forbidden(string type, string title, string detail) =>
        Create(StatusCodes.Status403Forbidden, type, title, detail);

    public static ProblemHttpResult Unauthorized(string type, string title, string detail) =>
        Create(StatusCodes.Status401Unauthorized, type, title, detail);

    public static ProblemHttpResult BadRequest(string type, string title, string detail) =>
        Create(StatusCodes.Status400BadRequest, type, title, detail);

    public static ProblemHttpResult Create(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type);
}
