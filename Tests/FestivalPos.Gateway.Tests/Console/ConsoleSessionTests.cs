using System.Net;
using System.Text.RegularExpressions;
using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>The console's cookie and form tokens are protected with the cluster's shared key: any gateway of the cluster accepts them.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class ConsoleSessionTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_session_signed_in_at_one_gateway_works_at_another_and_a_form_token_from_one_is_accepted_by_the_other()
    {
        await using var other = new GatewayFactory(fixture.Silo);
        var (walletId, _) = await fixture.NewWalletAsync();
        using var here = Client(fixture.Gateway);
        using var there = Client(other);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        await SignInAsync(here, cookies);

        var page = await SendAsync(there, HttpMethod.Get, $"/console/wallets?walletId={walletId}", cookies);
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.Should().Be(HttpStatusCode.OK, "the other gateway reads the cookie");
        html.Should().Contain(walletId);
        var block = await SendAsync(here, HttpMethod.Post, $"/console/wallets?handler=Block&walletId={walletId}", cookies, new() { ["__RequestVerificationToken"] = FormToken(html) });

        block.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await fixture.WalletAsync(walletId)).GetProperty("status").GetString().Should().Be("blocked");
    }

    [Fact]
    public async Task A_changed_cookie_is_no_session()
    {
        using var client = Client(fixture.Gateway);
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        await SignInAsync(client, cookies);
        var value = cookies[ConsoleAuthentication.CookieName];
        cookies[ConsoleAuthentication.CookieName] = value[..^3] + (value[^3] == 'A' ? 'B' : 'A') + value[^2..];

        var page = await SendAsync(client, HttpMethod.Get, "/console/fleet", cookies);

        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.OriginalString.Should().StartWith("http://localhost/console/sign-in");
    }

    private static HttpClient Client(GatewayFactory gateway) =>
        gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task SignInAsync(HttpClient client, Dictionary<string, string> cookies)
    {
        var form = await SendAsync(client, HttpMethod.Get, "/console/sign-in", cookies);
        var signedIn = await SendAsync(client, HttpMethod.Post, "/console/sign-in", cookies, new()
        {
            ["clientId"] = GatewayFactory.OrganizerId,
            ["clientSecret"] = GatewayFactory.OrganizerSecret,
            ["__RequestVerificationToken"] = FormToken(await form.Content.ReadAsStringAsync()),
        });
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect, await signedIn.Content.ReadAsStringAsync());
        cookies.Should().ContainKey(ConsoleAuthentication.CookieName);
    }

    /// <summary>Sends with the cookies collected so far and collects the ones the answer sets.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Dictionary<string, string> cookies, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(cookie => $"{cookie.Key}={cookie.Value}")));
        }

        var response = await client.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0].Split('=', 2);
            cookies[pair[0]] = pair[1];
        }

        return response;
    }

    private static string FormToken(string html) => WebUtility.HtmlDecode(FormTokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormTokenPattern();
}
