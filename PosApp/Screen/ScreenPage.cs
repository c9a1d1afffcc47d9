using Microsoft.AspNetCore.Http;

namespace FestivalPos.PosApp.Screen;

/// <summary>The page, its script and its style sheet, built into posapp: the screen needs no files beside the program.</summary>
public static class ScreenPage
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The page, with the token its script sends with every API request.</summary>
    public static IResult Html(string token) => new PageResult(Read("index.html").Replace("{{token}}", token, StringComparison.Ordinal));

    public static IResult Asset(string name, string contentType) => Results.Text(Read(name), contentType);

    private static string Read(string name)
    {
        using var stream = typeof(ScreenPage).Assembly.GetManifestResourceStream($"FestivalPos.PosApp.Screen.{name}")
            ?? throw new InvalidOperationException($"The screen's {name} is not built into posapp.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class PageResult(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html);
        }
    }
}
