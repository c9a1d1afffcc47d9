namespace FestivalPos.Gateway.Api.Console.Pages;

/// <summary>What a console action came to, shown above the page.</summary>
public sealed record Outcome(bool Succeeded, string Message);
