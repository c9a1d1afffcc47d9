using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

[Collection(GatewayCollection.Name)]
public sealed class RateLimitTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_client_over_its_budget_gets_429_with_retry_after_and_others_are_unaffected()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["RateLimits:PermitsPerSecondPerClient"] = "1",
            ["RateLimits:BurstPerClient"] = "3",
        });
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var topUp = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        var (walletId, _) = await fixture.NewWalletAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await organizer.GetAsync($"/api/v1/wallets/{walletId}");
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        limited.Should().NotBeNull("a burst of 3 cannot serve 10 requests at once");
        (await limited!.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().EndWith("rate-limited");
        limited.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        (await topUp.GetAsync($"/api/v1/wallets/{walletId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_requests_are_limited_per_address_whatever_the_client()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["RateLimits:TokenRequestsPerMinutePerAddress"] = "3" });
        var client = gateway.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { clientId = $"guess-{i}", clientSecret = "guessing-the-secret" });
            statuses.Add(response.StatusCode);
        }

        statuses.Should().Equal(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests);
        var blocked = await client.PostAsJsonAsync("/api/v1/auth/token", new { clientId = GatewayFactory.OrganizerId, clientSecret = GatewayFactory.OrganizerSecret });
        blocked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter.Should().NotBeNull();
    }
}
