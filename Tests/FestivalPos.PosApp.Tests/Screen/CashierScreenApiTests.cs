using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FestivalPos.PosApp.Screen;
using FestivalPos.PosApp.Tests.Crash;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Screen;

/// <summary>
/// The screen's API as a program on the same machine (or a web page in its browser) could call it: only with the page's
/// token and a loopback host; a repeated basket charges once; bad input is refused and writes nothing.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed partial class CashierScreenApiTests(PosSystem system) : NetworkUpTests(system.Network)
{
    private static readonly CatalogItemRequest Beer = new("Beer 0.5 l", 650, 21, "drinks", Deposit: 200, MinimumAge: 18);
    private static readonly CatalogItemRequest Fries = new("Fries", 350, 9, "food");

    [Fact]
    public async Task The_api_answers_only_the_pages_token_on_a_loopback_host()
    {
        await using var stand = await OpenScreenAsync();
        using var http = new HttpClient { BaseAddress = stand.Screen.Address };
        var token = await TokenAsync(http);

        (await http.GetAsync("/api/state")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Send(http, HttpMethod.Get, "/api/state", (token[0] == '0' ? "1" : "0") + token[1..])).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { Host = "attacker.example" } };
        (await http.SendAsync(rebound)).StatusCode.Should().Be(HttpStatusCode.MisdirectedRequest);

        using var state = await Send(http, HttpMethod.Get, "/api/state", token);
        state.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await state.Content.ReadFromJsonAsync<ScreenState>(JsonSerializerOptions.Web);
        body!.Items.Select(i => (i.Item, i.Price, i.MinimumAge)).Should().Equal(("beer", 650L, 18), ("fries", 350L, 0));
        body.Stand.Should().Be("Main Stage Bar");
    }

    [Fact]
    public async Task A_basket_sent_twice_with_its_sale_key_is_charged_once()
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        using var http = new HttpClient { BaseAddress = stand.Screen.Address };
        var token = await TokenAsync(http);
        var basket = new ScreenSaleRequest("basket-1", [new ScreenLine("fries", 2)], null, 50, false, uid);

        var answers = await Task.WhenAll(SellAsync(http, token, basket), SellAsync(http, token, basket));
        var again = await SellAsync(http, token, basket);

        answers.Should().AllSatisfy(a => a.Should().Be(again));
        again.Should().Match<ScreenSaleAnswer>(a => a.Verdict == "approved" && a.Amount == 750 && a.Balance == 4_250);
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().Equal((again.Seq!.Value, 750L));
    }

    [Fact]
    public async Task A_basket_sent_again_after_posapp_restarted_answers_the_first_sale_and_charges_nothing_more()
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        using var http = new HttpClient { BaseAddress = stand.Screen.Address };
        var basket = new ScreenSaleRequest("basket-restart", [new ScreenLine("fries", 1)], null, null, false, uid);
        var first = await SellAsync(http, await TokenAsync(http), basket);

        await stand.RestartAsync();
        var again = await SellAsync(http, await TokenAsync(http), basket);

        again.Should().Be(first);
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().Equal((first.Seq!.Value, 350L));
    }

    [Fact]
    public async Task A_cup_refund_sent_again_after_posapp_restarted_is_given_once()
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        using var http = new HttpClient { BaseAddress = stand.Screen.Address };
        var sale = await SellAsync(http, await TokenAsync(http), new ScreenSaleRequest("basket-cups", [new ScreenLine("beer", 2)], null, null, true, uid));
        var refund = new ScreenRefundRequest("refund-restart", sale.Seq!.Value, Cups: 1);
        var first = await RefundAsync(http, await TokenAsync(http), refund);

        await stand.RestartAsync();
        var again = await RefundAsync(http, await TokenAsync(http), refund);

        first.Should().Match<ScreenRefundAnswer>(r => r.Verdict == "refunded" && r.Amount == 200 && r.Balance == 3_500);
        again.Should().Match<ScreenRefundAnswer>(r => r.Verdict == "refunded" && r.Amount == 200 && r.Refundable == first.Refundable);
        (await system.Organizer.GetFromJsonAsync<WalletResponse>($"/api/v1/wallets/{walletId}"))!.Balance.Should().Be(3_500, "one cup's deposit went back, once");
    }

    [Theory]
    [InlineData("beer", 1, false, "UID", "from age 18 only")]
    [InlineData("water", 1, true, "UID", "'water' is not in the stand's catalog")]
    [InlineData("fries", 0, true, "UID", "quantity")]
    [InlineData("fries", 1, true, "not a wristband!", "neither a wristband nor a QR code")]
    public async Task A_refused_basket_says_why_and_writes_nothing(string item, int quantity, bool ageChecked, string scan, string why)
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        using var http = new HttpClient { BaseAddress = stand.Screen.Address };
        var token = await TokenAsync(http);

        using var response = await SendJsonAsync(http, token, "/api/sales",
            new ScreenSaleRequest("basket-bad", [new ScreenLine(item, quantity)], null, null, ageChecked, scan == "UID" ? uid : scan));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<ScreenError>(JsonSerializerOptions.Web))!.Error.Should().Contain(why);
        (await stand.Terminal.Outbox.RecentAsync(10)).Should().BeEmpty();
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Posapp_screen_as_the_readme_runs_it_serves_the_page_on_port_5080_until_it_is_stopped()
    {
        var directory = await system.EnrollTerminalAsync(standId: await system.NewStandAsync("Main Stage Bar", ("beer", Beer), ("fries", Fries)));
        using var screen = new PosAppProcess("screen", "--data", directory);
        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await screen.OnLine(line => line.StartsWith("screen http://127.0.0.1:", StringComparison.Ordinal), 1,
            () => started.TrySetResult(screen.Lines.First(l => l.StartsWith("screen ", StringComparison.Ordinal)))).WaitAsync(TimeSpan.FromSeconds(60));
        var address = new Uri((await started.Task).Split(' ')[1]);
        address.Should().Be(new Uri($"http://127.0.0.1:{ScreenCommand.DefaultPort}/"));

        using var http = new HttpClient { BaseAddress = address };
        var token = await TokenAsync(http);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var state = await Send(http, HttpMethod.Get, "/api/state", token);
            if ((await state.Content.ReadFromJsonAsync<ScreenState>(JsonSerializerOptions.Web))!.Items.Count == 2)
            {
                break;
            }

            await Task.Delay(200);
        }

        using (var state = await Send(http, HttpMethod.Get, "/api/state", token))
        {
            (await state.Content.ReadFromJsonAsync<ScreenState>(JsonSerializerOptions.Web))!.Items.Select(i => i.Item).Should().Equal("beer", "fries");
        }

        Process.Start("kill", ["-TERM", screen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
        await screen.WaitAsync(TimeSpan.FromSeconds(30));
        screen.ExitCode.Should().Be(ExitCodes.Ok);
        await FluentActions.Invoking(() => http.GetAsync("/")).Should().ThrowAsync<HttpRequestException>();
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        var page = await http.GetStringAsync("/");
        return TokenMeta().Match(page).Groups[1].Value;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string token) =>
        http.SendAsync(new HttpRequestMessage(method, path) { Headers = { { CashierScreen.TokenHeader, token } } });

    private static Task<ScreenSaleAnswer> SellAsync(HttpClient http, string token, ScreenSaleRequest basket) =>
        PostAsync<ScreenSaleAnswer>(http, token, "/api/sales", basket);

    private static Task<ScreenRefundAnswer> RefundAsync(HttpClient http, string token, ScreenRefundRequest refund) =>
        PostAsync<ScreenRefundAnswer>(http, token, "/api/refunds", refund);

    private static async Task<TAnswer> PostAsync<TAnswer>(HttpClient http, string token, string path, object body)
    {
        using var response = await SendJsonAsync(http, token, path, body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TAnswer>(JsonSerializerOptions.Web))!;
    }

    private static async Task<HttpResponseMessage> SendJsonAsync(HttpClient http, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Headers = { { CashierScreen.TokenHeader, token } },
            Content = JsonContent.Create(body, body.GetType(), options: JsonSerializerOptions.Web),
        };
        return await http.SendAsync(request);
    }

    private Task<ScreenAtStand> OpenScreenAsync(params (string WalletId, long Balance)[] wallets) =>
        ScreenAtStand.OpenAsync(system, [("beer", Beer), ("fries", Fries)], wallets);

    [GeneratedRegex("""<meta name="screen-token" content="([0-9a-f]{32})">""")]
    private static partial Regex TokenMeta();
}
