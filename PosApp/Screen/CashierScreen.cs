using System.Net;
using System.Security.Cryptography;
using FestivalPos.PosApp.Selling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// The cashier's touch screen: a web page and a small JSON API on 127.0.0.1, over the terminal's own store, cashier and
/// sync engine, so it sells offline as the command line does. Only this machine reaches it; a request must name the
/// loopback host it was sent to (no DNS rebinding), and the API answers only requests carrying the token the page was
/// served with (no other web page can drive it: it cannot read the page).
/// </summary>
public sealed class CashierScreen : IAsyncDisposable
{
    public const string TokenHeader = "X-Screen-Token";

    /// <summary>How many of the terminal's latest sales the screen lists, for refunds.</summary>
    public const int RecentSales = 6;

    private readonly WebApplication _app;

    private CashierScreen(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the page is: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Cancelled when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>Serves the screen of <paramref name="terminal"/> on loopback port <paramref name="port"/> (0: a free one).</summary>
    public static async Task<CashierScreen> StartAsync(Terminal terminal, int port, CancellationToken cancellation = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ScreenJson.Default));
        var app = builder.Build();

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var connectivity = new Connectivity(terminal);
        var sales = new ScreenSales(terminal, connectivity);
        app.Use(async (context, next) =>
        {
            if (!IsLoopbackHost(context.Request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                return;
            }

            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.XFrameOptions = "DENY";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            if (context.Request.Path.StartsWithSegments("/api") && !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(context.Request.Headers[TokenHeader].ToString()), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsJsonAsync(new ScreenError("Open the screen from its own address: this request does not come from it."), ScreenJson.Default.ScreenError);
                return;
            }

            await next(context);
        });

        app.MapGet("/", () => ScreenPage.Html(token));
        app.MapGet("/screen.js", () => ScreenPage.Asset("screen.js", "text/javascript"));
        app.MapGet("/screen.css", () => ScreenPage.Asset("screen.css", "text/css"));
        app.MapGet("/api/state", async () => await StateAsync(terminal, connectivity));
        app.MapPost("/api/sales", (ScreenSaleRequest request, CancellationToken aborted) => AnswerAsync(() => sales.SellAsync(request, aborted)));
        app.MapPost("/api/refunds", (ScreenRefundRequest request, CancellationToken aborted) => AnswerAsync(() => sales.RefundAsync(request, aborted)));

        await app.StartAsync(cancellation);
        var listening = app.Urls.Single();
        return new CashierScreen(app, new Uri($"http://127.0.0.1:{new Uri(listening).Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The answer, or 400 with the reason when the request was refused before anything was done.</summary>
    private static async Task<IResult> AnswerAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return Results.Ok(await action());
        }
        catch (PosException e)
        {
            return Results.BadRequest(new ScreenError(e.Message));
        }
    }

    private static async Task<ScreenState> StateAsync(Terminal terminal, Connectivity connectivity)
    {
        var backlog = await terminal.Outbox.BacklogAsync();
        var items = (await terminal.Catalog.ListAsync()).Select(i => new ScreenItem(i.Item, i.Name, i.Price, i.Deposit, i.MinimumAge)).ToList();
        var recent = await terminal.Outbox.RecentAsync(RecentSales);
        var refunded = await terminal.Refunds.RefundedAsync([.. recent.Select(sale => sale.Seq)]);
        return new ScreenState(terminal.Enrollment.DeviceId, await terminal.Catalog.StandNameAsync() ?? terminal.Enrollment.StandId, connectivity.Online,
            backlog.Count, items,
            [.. recent.Select(sale => new ScreenRecentSale(sale.Seq, sale.CreatedAt, sale.Amount, sale.State, refunded.GetValueOrDefault(sale.Seq), Basket.CupsCharged(sale.Lines).Sum(l => l.Quantity)))]);
    }

    private static bool IsLoopbackHost(HostString host) =>
        host.Host is "127.0.0.1" or "localhost" or "[::1]";
}
