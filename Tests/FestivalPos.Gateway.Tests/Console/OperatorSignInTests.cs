using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>An operator signs in on the console's form and gets the Orleans Dashboard in the browser; the console stays the organizers'.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OperatorSignInTests(ConsoleFixture fixture)
{
    /// <summary>A sign-in checks a PBKDF2 secret: on a busy machine it may take a while.</summary>
    private static readonly PageWaitForURLOptions Patient = new() { Timeout = 120_000 };

    [Fact]
    public Task An_operator_signs_in_and_gets_the_dashboard_but_not_the_console() =>
        fixture.InBrowserAsync("operator-dashboard", async page =>
        {
            await page.GotoAsync("/operations/dashboard/");
            page.Url.Should().Contain("/console/sign-in", "a browser that is not signed in goes to the sign-in form");

            await ConsoleFixture.SignInAsync(page, GatewayFactory.OperatorId, GatewayFactory.OperatorSecret);
            await page.WaitForURLAsync($"{fixture.Address}operations/dashboard/", Patient);
            (await page.ContentAsync()).Should().Contain("Orleans");
            var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ConsoleAuthentication.OperationsCookieName);
            (cookie.Path, cookie.HttpOnly, cookie.SameSite.ToString()).Should().Be(("/operations", true, "Strict"));
            (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == ConsoleAuthentication.CookieName, "an operator gets no console session");
            await ConsoleFixture.ScreenshotAsync(page, "operator-dashboard");

            await page.GotoAsync("/console");
            page.Url.Should().Contain("/console/sign-in", "the console is for organizers");
        });

    [Fact]
    public Task An_organizer_signed_in_to_the_console_is_not_let_into_the_dashboard() =>
        fixture.InBrowserAsync("organizer-no-dashboard", async page =>
        {
            await ConsoleFixture.SignInAsync(page);
            await page.WaitForURLAsync($"{fixture.Address}console", Patient);

            await page.GotoAsync("/operations/dashboard/");

            page.Url.Should().Be($"{fixture.Address}console", "the sign-in form sends a signed-in organizer back to the console");
            (await page.ContentAsync()).Should().NotContain("Orleans Dashboard");
        });
}
