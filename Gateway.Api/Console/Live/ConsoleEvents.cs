using System.Text.Json;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Console.Live;

/// <summary>
/// The console's live stream (server-sent events): a <c>snapshot</c> event with the projections' figures whenever
/// they change. The stream ends with an <c>ended</c> event when the session is signed out or its client revoked, and
/// without one before the session would expire: the browser reconnects, and the reconnection renews the cookie, so
/// an open page stays signed in while a closed one does not.
/// </summary>
public static class ConsoleEvents
{
    public const string Path = ConsoleAuthentication.PathBase + "/events";

    /// <summary>How long the browser waits before it reconnects a stream the gateway closed.</summary>
    public const int ReconnectMilliseconds = 1000;

    /// <summary>A comment is sent when nothing changed for this long, so proxies do not close a quiet stream.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapConsoleEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, StreamAsync).RequireAuthorization(ConsoleAuthentication.Policy).RequireRateLimiting(RateLimitingSetup.ClientPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task StreamAsync(HttpContext http, LiveSnapshotSource source, LiveStreamCount streams, IOptions<ConsoleOptions> options, TimeProvider time)
    {
        if (!streams.TryEnter(options.Value.MaxLiveStreams))
        {
            await Problems.Create(StatusCodes.Status503ServiceUnavailable, "console-streams-busy", "Too many live console pages",
                "This gateway serves as many live console pages as it may; the page tries again by itself.").ExecuteAsync(http);
            return;
        }

        try
        {
            var signedIn = await http.AuthenticateAsync(ConsoleAuthentication.Scheme);
            var halfSession = TimeSpan.FromMinutes(options.Value.SessionMinutes) / 2;
            var expires = signedIn.Properties?.ExpiresUtc ?? time.GetUtcNow();
            var until = Min(expires, time.GetUtcNow() + halfSession);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-store";
            await WriteAsync(http, $"retry: {ReconnectMilliseconds}\n\n");
            await SendChangesAsync(http, source, until, TimeSpan.FromMilliseconds(options.Value.RefreshMilliseconds), time);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The page closed.
        }
        finally
        {
            streams.Leave();
        }
    }

    private static async Task SendChangesAsync(HttpContext http, LiveSnapshotSource source, DateTimeOffset until, TimeSpan refresh, TimeProvider time)
    {
        string? sent = null;
        var lastWrite = time.GetTimestamp();
        while (time.GetUtcNow() < until)
        {
            if (!await ConsoleAuthentication.IsStillAllowedAsync(http.RequestServices, http.User))
            {
                await WriteAsync(http, "event: ended\ndata: {}\n\n");
                return;
            }

            var json = JsonSerializer.Serialize(await source.GetAsync(), Json);
            if (json != sent)
            {
                await WriteAsync(http, $"event: snapshot\ndata: {json}\n\n");
                sent = json;
                lastWrite = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastWrite) >= KeepAliveInterval)
            {
                await WriteAsync(http, ": keep-alive\n\n");
                lastWrite = time.GetTimestamp();
            }

            await Task.Delay(refresh, time, http.RequestAborted);
        }
    }

    private static async Task WriteAsync(HttpContext http, string text)
    {
        await http.Response.WriteAsync(text, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>The live streams this gateway has open, against <see cref="ConsoleOptions.MaxLiveStreams"/>.</summary>
public sealed class LiveStreamCount
{
    private int _open;

    public bool TryEnter(int max)
    {
        if (Interlocked.Increment(ref _open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}
