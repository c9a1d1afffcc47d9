using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Wire;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>The organizer console in headless Chromium against a gateway on a real port: what the organizer does from the pages reaches the ledger, once.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture, ITestOutputHelper output)
{
    /// <summary>How long a page may take to show what the ledger did: generous, the machine is shared.</summary>
    private const float DeadlineMilliseconds = 30_000;

    [Fact]
    public Task Anonymous_visitors_are_sent_to_sign_in_a_wrong_secret_stays_out_and_the_right_one_returns_to_the_page() =>
        fixture.InBrowserAsync("sign-in", async page =>
        {
            await page.GotoAsync("/console/wallets");
            page.Url.Should().Be($"{fixture.Address}console/sign-in?returnUrl=%2Fconsole%2Fwallets");
            await ConsoleFixture.ScreenshotAsync(page, "sign-in");

            await ConsoleFixture.SignInAsync(page, secret: "not-the-organizer-secret");
            (await page.TextContentAsync("#sign-in-error")).Should().Be("Unknown client or wrong secret.");
            (await page.Context.CookiesAsync()).Should().NotContain(cookie => cookie.Name == ConsoleAuthentication.CookieName);
            await page.GotoAsync("/console/fleet");
            page.Url.Should().StartWith($"{fixture.Address}console/sign-in");

            await page.GotoAsync("/console/sign-in?returnUrl=%2Fconsole%2Fwallets");
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console/wallets");
            var cookie = (await page.Context.CookiesAsync()).Should().ContainSingle(cookie => cookie.Name == ConsoleAuthentication.CookieName).Subject;
            cookie.HttpOnly.Should().BeTrue();
            cookie.Secure.Should().BeTrue();
            cookie.SameSite.Should().Be(SameSiteAttribute.Strict);
            cookie.Path.Should().Be("/console");
            await page.GotoAsync("/console/sign-in");
            page.Url.Should().Be($"{fixture.Address}console", "someone signed in has no form to fill");
        });

    [Fact]
    public Task The_api_answers_as_before_a_request_without_a_token_is_401_problem_details_even_with_the_console_cookie() =>
        fixture.InBrowserAsync("api-unchanged", async page =>
        {
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            var cookie = (await page.Context.CookiesAsync()).Single(cookie => cookie.Name == ConsoleAuthentication.CookieName);
            using var anonymous = fixture.Anonymous();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/review");
            request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");

            var withCookie = await anonymous.SendAsync(request);
            var without = await anonymous.GetAsync("/api/v1/wallets/w-1");

            (await withCookie.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("missing-token");
            withCookie.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
            (await without.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("missing-token");
        });

    [Fact]
    public Task A_revoked_clients_cookie_stops_working_and_a_device_client_cannot_sign_in() =>
        fixture.InBrowserAsync("revoked-client", async page =>
        {
            var clientId = TestApi.NewId("organizer");
            var secret = ClientSecretHasher.NewSecret();
            (await fixture.Silo.Grains.GetGrain<IApiClientGrain>(clientId).Create(new ApiClientRegistration(ApiClientRole.Organizer, null, ClientSecretHasher.HashGenerated(secret))))
                .Should().Be(ApiClientCreateOutcome.Created);
            await ConsoleFixture.SignInAsync(page, clientId, secret);
            await page.WaitForURLAsync($"{fixture.Address}console");
            (await page.GotoAsync("/console/fleet"))!.Status.Should().Be(200);

            (await fixture.Organizer.PostAsync($"/api/v1/clients/{clientId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            await page.GotoAsync("/console/fleet");

            page.Url.Should().StartWith($"{fixture.Address}console/sign-in");
            var device = await fixture.EnrollDeviceAsync(TestApi.NewId("stand"));
            await ConsoleFixture.SignInAsync(page, device.ClientId, device.Secret);
            (await page.TextContentAsync("#sign-in-error")).Should().Be("This client's role may not use the console.");
            (await page.Context.CookiesAsync()).Should().NotContain(cookie => cookie.Name == ConsoleAuthentication.CookieName);
        });

    [Fact]
    public Task A_sale_made_through_the_api_appears_on_its_stands_chart() =>
        fixture.InBrowserAsync("sale-to-chart", async page =>
        {
            var standId = TestApi.NewId("stand");
            var device = await fixture.EnrollDeviceAsync(standId);
            var (walletId, uid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 100_000);
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            var stand = $"article[data-stand='{standId}']";
            await page.WaitForSelectorAsync(stand, new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds });

            var samples = new List<double>();
            for (var seq = 1; seq <= 5; seq++)
            {
                var clock = Stopwatch.StartNew();
                var sale = await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(seq, walletId, 250, uid, WireTime.Format(DateTimeOffset.UtcNow)));
                (await sale.JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("approved");
                await page.WaitForSelectorAsync($"{stand}[data-count='{seq}']", new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds });
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }

            (await page.TextContentAsync($"{stand} .total")).Should().Be("5 sales · 12.50");
            (await page.Locator($"{stand} svg rect").CountAsync()).Should().BeGreaterThanOrEqualTo(1);
            var figures = string.Join(", ", samples.Select(sample => sample.ToString("F0", CultureInfo.InvariantCulture)));
            output.WriteLine($"API sale to stand chart, ms: {figures}");
            await File.WriteAllTextAsync(Path.Combine(ConsoleFixture.ScreenshotFolder, "sale-to-chart-ms.txt"), figures + Environment.NewLine);
        });

    [Fact]
    public Task Approving_a_review_entry_from_the_page_applies_it_once_however_often_it_is_sent() =>
        fixture.InBrowserAsync("review", async page =>
        {
            var device = await fixture.EnrollDeviceAsync(TestApi.NewId("stand"));
            var (walletId, _) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 1000);
            var batch = await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 1, walletId, 300, uid: "not-this-wallets-uid") } });
            (await batch.JsonAsync(HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("reason").GetString().Should().Be("badCredential");
            var reviewId = $"{device.DeviceId}:1";
            var after = await ReviewPositionAsync(reviewId) - 1;
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.GotoAsync($"/console/review?after={after}");
            var row = page.Locator($"tr[data-review-id='{reviewId}']");
            var token = await row.Locator("form:has(button[data-action=approve]) input[name=__RequestVerificationToken]").InputValueAsync();
            await ConsoleFixture.ScreenshotAsync(page, "review");

            await row.Locator("button[data-action=approve]").DblClickAsync();
            await page.WaitForSelectorAsync("#outcome.done", new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds });
            (await row.Locator("[data-field=status]").TextContentAsync()).Should().Be("approved");
            var form = page.APIRequest.CreateFormData();
            form.Set("reviewId", reviewId);
            form.Set("__RequestVerificationToken", token);
            var again = await page.APIRequest.PostAsync($"{fixture.Address}console/review?handler=Approve&after={after}", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });

            again.Status.Should().Be(302, "the same decision sent again is answered as done");
            (await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("balance").GetInt64().Should().Be(700);
            var history = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions")).JsonAsync(HttpStatusCode.OK);
            history.GetProperty("entries").EnumerateArray().Count(entry => entry.GetProperty("txId").GetString() == reviewId).Should().Be(1);
        });

    [Fact]
    public Task Blocking_from_the_page_declines_the_next_online_charge_and_unblocking_lets_it_through() =>
        fixture.InBrowserAsync("wallet", async page =>
        {
            var device = await fixture.EnrollDeviceAsync(TestApi.NewId("stand"));
            var (walletId, uid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 5000);
            (await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 450, uid))).JsonAsync(HttpStatusCode.OK))
                .GetProperty("status").GetString().Should().Be("approved");
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.GotoAsync("/console/wallets");
            await page.FillAsync("input[name=walletId]", walletId);
            await page.ClickAsync("form.lookup button");
            (await page.TextContentAsync("[data-fact=balance]")).Should().Be("45.50");
            (await page.Locator("#history tbody tr").CountAsync()).Should().Be(2, "the top-up and the charge");
            await ConsoleFixture.ScreenshotAsync(page, "wallet");

            await page.ClickAsync("#block");
            await page.WaitForSelectorAsync("#outcome.done");
            (await page.TextContentAsync("[data-fact=status]")).Should().Be("blocked");
            var declined = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(2, walletId, 100, uid))).JsonAsync(HttpStatusCode.OK);
            declined.GetProperty("status").GetString().Should().Be("declined");
            declined.GetProperty("reason").GetString().Should().Be("walletBlocked");

            await page.ClickAsync("#unblock");
            await page.WaitForSelectorAsync("#outcome.done");
            (await page.TextContentAsync("[data-fact=status]")).Should().Be("active");
            var approved = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(3, walletId, 100, uid))).JsonAsync(HttpStatusCode.OK);
            approved.GetProperty("status").GetString().Should().Be("approved");
            approved.GetProperty("balance").GetInt64().Should().Be(4450);
        });

    [Fact]
    public Task Revoking_a_device_from_the_page_asks_first_then_refuses_its_next_token() =>
        fixture.InBrowserAsync("device", async page =>
        {
            var device = await fixture.EnrollDeviceAsync(TestApi.NewId("stand"));
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.GotoAsync($"/console/devices/{device.DeviceId}");

            await page.ClickAsync("#revoke");
            await ConsoleFixture.ScreenshotAsync(page, "device-revoke");
            (await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK))
                .GetProperty("status").GetString().Should().Be("active", "nothing is revoked before the confirmation");
            await page.ClickAsync("#revoke-confirm");
            await page.WaitForSelectorAsync("#outcome.done");

            (await page.TextContentAsync("[data-fact=status]")).Should().Be("revoked");
            using var anonymous = fixture.Anonymous();
            var token = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { clientId = device.ClientId, clientSecret = device.Secret });
            await token.ProblemAsync(HttpStatusCode.Unauthorized);
            await (await device.Client.GetAsync(device.Snapshot)).ProblemAsync(HttpStatusCode.Unauthorized);
        });

    [Theory]
    [InlineData("w-nobody-has-this-wallet", 404, "Unknown wallet. Wallet 'w-nobody-has-this-wallet' does not exist.")]
    [InlineData("not a wallet id", 400, "'walletId' must be 1 to 64 characters of A-Z a-z 0-9 _ -.")]
    public Task A_wallet_the_api_would_refuse_is_shown_with_the_apis_answer(string walletId, int status, string message) =>
        fixture.InBrowserAsync("wallet-refused", async page =>
        {
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");

            var answer = await page.GotoAsync($"/console/wallets?walletId={Uri.EscapeDataString(walletId)}");

            answer!.Status.Should().Be(status);
            (await page.TextContentAsync("#outcome.error")).Should().Be(message);
            (await page.Locator("#wallet").CountAsync()).Should().Be(0);
        });

    [Fact]
    public Task A_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing() =>
        fixture.InBrowserAsync("antiforgery", async page =>
        {
            var (walletId, _) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp);
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.GotoAsync($"/console/wallets?walletId={walletId}");
            var form = page.APIRequest.CreateFormData();
            form.Set("walletId", walletId);

            var forged = await page.APIRequest.PostAsync($"{fixture.Address}console/wallets?handler=Block&walletId={walletId}", new APIRequestContextOptions { Form = form, MaxRedirects = 0 });

            forged.Status.Should().Be(400);
            (await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("active");
        });

    [Fact]
    public Task The_fleet_table_colours_a_terminal_whose_seqs_lag_behind() =>
        fixture.InBrowserAsync("fleet", async page =>
        {
            var standId = TestApi.NewId("stand");
            var lagging = await fixture.EnrollDeviceAsync(standId);
            var steady = await fixture.EnrollDeviceAsync(standId);
            var (walletId, uid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 10_000);
            foreach (var (device, seq) in new[] { (lagging, 1L), (lagging, 1L + ConsoleFixture.LagWarningSeqs + 1), (steady, 1L) })
            {
                var sale = await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(seq, walletId, 100, uid, WireTime.Format(DateTimeOffset.UtcNow)));
                sale.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.GotoAsync("/console/fleet");
            var options = new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds };
            await page.WaitForSelectorAsync($"tr[data-device='{lagging.DeviceId}'][data-level='warning']", options);
            await page.WaitForSelectorAsync($"tr[data-device='{steady.DeviceId}'][data-level='ok']", options);
            await ConsoleFixture.ScreenshotAsync(page, "fleet");
            var cells = await page.Locator($"tr[data-device='{lagging.DeviceId}'] td").AllTextContentsAsync();
            cells.Should().HaveCount(9);
            cells.Take(3).Should().Equal(lagging.DeviceId, standId, "active");
            cells.Skip(4).Should().Equal("1", "5", "4", "3", "0");
        });

    [Fact]
    public Task Signing_out_ends_the_live_stream_and_a_copy_of_the_cookie_is_refused() =>
        fixture.InBrowserAsync("sign-out", async page =>
        {
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            await page.WaitForSelectorAsync("#live[data-state=live]", new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds });
            var cookies = await page.Context.CookiesAsync();
            var session = cookies.Single(cookie => cookie.Name == ConsoleAuthentication.CookieName);
            using var anonymous = fixture.Anonymous();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/console/events");
            request.Headers.Add("Cookie", $"{session.Name}={session.Value}");
            using var stream = await anonymous.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            stream.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
            using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
            (await ReadUntilAsync(events, line => line == "event: snapshot")).Should().BeTrue();

            await page.ClickAsync("form.sign-out button");
            await page.WaitForURLAsync(url => url.Contains("/console/sign-in", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = DeadlineMilliseconds });
            page.Url.Should().Be($"{fixture.Address}console/sign-in");

            (await ReadUntilAsync(events, line => line == "event: ended")).Should().BeTrue("signing out ends the session's streams");
            await page.Context.AddCookiesAsync(cookies.Select(cookie => new Microsoft.Playwright.Cookie
            {
                Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path, Secure = cookie.Secure, HttpOnly = cookie.HttpOnly, SameSite = cookie.SameSite,
            }));
            await page.GotoAsync("/console");
            page.Url.Should().StartWith($"{fixture.Address}console/sign-in", "a signed-out session's cookie is refused");
        });

    [Fact]
    public Task The_dashboard_charts_every_stand_ranks_the_top_stands_and_items_and_shows_the_exposure() =>
        fixture.InBrowserAsync("dashboard", async page =>
        {
            string[] stands = ["main-bar", "food-court", "cocktails", "merch"];
            var devices = new List<TestDevice>();
            foreach (var standId in stands)
            {
                devices.Add(await fixture.EnrollDeviceAsync(standId));
            }

            var (walletId, uid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 10_000_000);
            var now = DateTimeOffset.UtcNow;
            var seqs = new long[devices.Count];
            for (var sale = 0; sale < 48; sale++)
            {
                var index = sale % 3 == 0 ? 0 : sale % devices.Count;
                var device = devices[index];
                var soldAt = WireTime.Format(now.AddMinutes(-(sale * 53 % 45)));
                var seq = ++seqs[index];
                var amount = 350 + (sale * 137 % 900);
                var lines = new[] { new { kind = "item", itemId = sale % 2 == 0 ? "beer" : "lemonade", quantity = 1, unitPrice = amount } };
                var answer = await device.Client.PostAsJsonAsync(device.Payments, index == 0
                    ? new { seq, walletId, amount, credential = new { type = "nfc", value = uid }, createdAt = soldAt, lines }
                    : TestApi.Payment(seq, walletId, amount, uid, soldAt));
                answer.StatusCode.Should().Be(HttpStatusCode.OK);
            }

            // An offline sale past a wallet's balance and one with a wristband not linked to it: exposure to show.
            var (poor, poorUid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance: 500);
            var offline = devices[1];
            var batch = await offline.Client.PostAsJsonAsync(offline.Batches, new
            {
                transactions = new[] { TestApi.Offline(offline, seqs[1] + 1, poor, 1200, poorUid), TestApi.Offline(offline, seqs[1] + 2, poor, 800, uid: "not-this-wallets-uid") },
            });
            (await batch.JsonAsync(HttpStatusCode.OK)).GetProperty("results").EnumerateArray().Select(result => result.GetProperty("status").GetString())
                .Should().Equal("applied", "rejected");

            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console");
            var options = new PageWaitForSelectorOptions { Timeout = DeadlineMilliseconds };
            await page.WaitForFunctionAsync(
                "() => ['overdrawnWallets', 'reviewOpenCount'].every(figure => Number(document.querySelector(`[data-figure=${figure}]`).textContent) >= 1)",
                null, new PageWaitForFunctionOptions { Timeout = DeadlineMilliseconds });
            foreach (var standId in stands)
            {
                await page.WaitForSelectorAsync($"article[data-stand='{standId}']:not([data-count='0'])", options);
            }

            await page.WaitForFunctionAsync("() => document.querySelectorAll('#top-stands li[data-stand]').length >= 4", null, new PageWaitForFunctionOptions { Timeout = DeadlineMilliseconds });
            (await page.Locator("#top-stands li[data-stand]").First.GetAttributeAsync("data-stand")).Should().Be("main-bar");
            await page.WaitForFunctionAsync("() => document.querySelectorAll('#top-items li[data-item]').length === 2", null, new PageWaitForFunctionOptions { Timeout = DeadlineMilliseconds });
            (await page.Locator("#top-items li[data-item]").AllAsync()).Should().HaveCount(2);
            (await page.Locator("#top-items li[data-item]").First.GetAttributeAsync("data-item")).Should().BeOneOf("main-bar/beer", "main-bar/lemonade");
            await ConsoleFixture.ScreenshotAsync(page, "dashboard");
        });

    private async Task<long> ReviewPositionAsync(string reviewId)
    {
        long after = 0;
        while (true)
        {
            var page = await (await fixture.Organizer.GetAsync($"/api/v1/review?after={after}&limit=500")).JsonAsync(HttpStatusCode.OK);
            foreach (var entry in page.GetProperty("entries").EnumerateArray())
            {
                if (entry.GetProperty("reviewId").GetString() == reviewId)
                {
                    return entry.GetProperty("position").GetInt64();
                }
            }

            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? throw new InvalidOperationException($"{reviewId} is not held for review.") : page.GetProperty("next").GetInt64();
        }
    }

    private static async Task<bool> ReadUntilAsync(StreamReader events, Func<string, bool> wanted)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(DeadlineMilliseconds));
        while (await events.ReadLineAsync(deadline.Token) is { } line)
        {
            if (wanted(line))
            {
                return true;
            }
        }

        return false;
    }
}
