using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>The attendee's own page in a real browser: their wallet only, its history, a one-time QR code, and blocking a lost wristband.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AttendeePageTests(ConsoleFixture fixture)
{
    [Fact]
    public Task An_attendee_sees_a_sale_blocks_the_lost_wristband_and_the_next_tap_is_declined() =>
        fixture.InBrowserAsync("attendee-block", async page =>
        {
            var (walletId, uid, code) = await AttendeeAsync(balance: 5_000);
            var till = await fixture.EnrollDeviceAsync();
            (await (await till.Client.PostAsJsonAsync(till.Payments, TestApi.Payment(1, walletId, 650, uid))).JsonAsync(HttpStatusCode.OK))
                .GetProperty("status").GetString().Should().Be("approved");

            await SignInAsync(page, walletId, code);

            (await page.TextContentAsync("[data-figure=balance]")).Should().Be("43.50");
            (await page.Locator("tr[data-kind=charge]").CountAsync()).Should().Be(1);
            await ConsoleFixture.ScreenshotAsync(page, "attendee-wallet");
            await page.CheckAsync("input[name=Confirm]");
            await page.ClickAsync("button.danger");
            (await page.TextContentAsync("[data-figure=status]")).Should().Be("blocked");
            var tap = await (await till.Client.PostAsJsonAsync(till.Payments, TestApi.Payment(2, walletId, 100, uid))).JsonAsync(HttpStatusCode.OK);
            tap.GetProperty("status").GetString().Should().Be("declined");
            tap.GetProperty("reason").GetString().Should().Be("walletBlocked");
        });

    [Fact]
    public Task The_qr_code_shown_pays_once() =>
        fixture.InBrowserAsync("attendee-qr", async page =>
        {
            var (walletId, _, code) = await AttendeeAsync(balance: 2_000);
            var till = await fixture.EnrollDeviceAsync();
            await SignInAsync(page, walletId, code);

            await page.ClickAsync("text=Show a QR code to pay");
            var token = await page.GetAttributeAsync("#qr", "data-token");
            (await page.Locator("#qr svg").CountAsync()).Should().Be(1);
            await ConsoleFixture.ScreenshotAsync(page, "attendee-qr");

            var first = await Pay(till, 1, walletId, token!);
            var again = await Pay(till, 2, walletId, token!);
            first.Should().Be("approved");
            again.Should().Be("declined", "a QR token pays once");
        });

    [Fact]
    public Task A_wrong_code_or_another_wallets_code_stays_out_and_a_new_code_ends_the_old_session() =>
        fixture.InBrowserAsync("attendee-sign-in", async page =>
        {
            var (walletId, _, code) = await AttendeeAsync(balance: 100);
            var (otherWallet, _, otherCode) = await AttendeeAsync(balance: 900);

            await SignInAsync(page, walletId, otherCode);
            page.Url.Should().EndWith("/wallet/sign-in");
            (await page.TextContentAsync("[role=alert]")).Should().Contain("Unknown wallet or wrong code");
            await page.GotoAsync("/wallet");
            page.Url.Should().Contain("/wallet/sign-in", "no page without signing in");

            await SignInAsync(page, walletId, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
            await page.GotoAsync($"/wallet?walletId={otherWallet}");
            (await page.TextContentAsync("[data-figure=balance]")).Should().Be("1.00", "the page shows the cookie's wallet, whatever the request names");

            (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/attendee-code", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            await page.GotoAsync("/wallet");
            page.Url.Should().Contain("/wallet/sign-in", "a new code (a lost card) ends the sessions of the old one");
        });

    [Fact]
    public Task An_attendee_requests_a_payout_to_their_iban_and_a_bad_iban_records_nothing() =>
        fixture.InBrowserAsync("attendee-cash-out", async page =>
        {
            var (walletId, _, code) = await AttendeeAsync(balance: 3_000);
            await SignInAsync(page, walletId, code);

            await page.FillAsync("input[name='Payout.Iban']", "DE89 3704 0044 0532 0130 01");
            await page.ClickAsync("text=Request my payout");
            (await page.TextContentAsync("[role=status]")).Should().Contain("IBAN");
            (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/holder")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a refused form records nothing");

            await page.FillAsync("input[name='Payout.Name']", "Ana Lima");
            await page.FillAsync("input[name='Payout.Iban']", "DE89 3704 0044 0532 0130 00");
            await page.ClickAsync("text=Request my payout");
            (await page.TextContentAsync("[role=status]")).Should().Contain("payout of 30.00 is requested");
            var export = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
            export.GetRawText().Should().Contain("DE89370400440532013000").And.Contain("Ana Lima");
        });

    [Fact]
    public Task An_attendee_withdraws_the_payout_request_while_it_waits() =>
        fixture.InBrowserAsync("attendee-cash-out-withdraw", async page =>
        {
            var (walletId, _, code) = await AttendeeAsync(balance: 2_000);
            await SignInAsync(page, walletId, code);
            (await page.Locator("button.withdraw-cash-out").CountAsync()).Should().Be(0, "nothing is requested yet");

            await page.FillAsync("input[name='Payout.Email']", "ana@example.org");
            await page.ClickAsync("text=Request my payout");
            (await page.TextContentAsync("[role=status]")).Should().Contain("is requested");
            await page.ClickAsync("text=Withdraw the request");

            (await page.TextContentAsync("[role=status]")).Should().Contain("withdrawn");
            (await page.Locator("button.withdraw-cash-out").CountAsync()).Should().Be(0);
            var export = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
            export.GetProperty("cashOut").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the request is withdrawn");
            (await fixture.Organizer.DeleteAsync($"/api/v1/wallets/{walletId}/cash-out")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        });

    [Fact]
    public async Task Only_an_organizer_issues_codes_each_new_and_unknown_wallets_are_404()
    {
        var (walletId, _) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp);

        var first = await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/attendee-code", null)).JsonAsync(HttpStatusCode.OK);
        var second = await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/attendee-code", null)).JsonAsync(HttpStatusCode.OK);

        first.GetProperty("code").GetString().Should().MatchRegex("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$");
        second.GetProperty("code").GetString().Should().NotBe(first.GetProperty("code").GetString());
        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{TestApi.NewId("w-absent")}/attendee-code", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fixture.TopUp.PostAsync($"/api/v1/wallets/{walletId}/attendee-code", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<(string WalletId, string Uid, string Code)> AttendeeAsync(long balance)
    {
        var (walletId, uid) = await TestApi.NewWalletAsync(fixture.Organizer, fixture.TopUp, balance);
        var issued = await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/attendee-code", null)).JsonAsync(HttpStatusCode.OK);
        return (walletId, uid, issued.GetProperty("code").GetString()!);
    }

    private static async Task SignInAsync(IPage page, string walletId, string code)
    {
        await page.GotoAsync("/wallet/sign-in");
        await page.FillAsync("input[name=WalletId]", walletId);
        await page.FillAsync("input[name=Code]", code);
        await page.ClickAsync("form.sign-in button[type=submit]");
    }

    private static async Task<string?> Pay(TestDevice till, long seq, string walletId, string token)
    {
        var answer = await till.Client.PostAsJsonAsync(till.Payments,
            new { seq, walletId, amount = 300, credential = new { type = "qr", value = token }, createdAt = Wire.WireTime.Format(DateTimeOffset.UtcNow) });
        return (await answer.JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString();
    }
}
