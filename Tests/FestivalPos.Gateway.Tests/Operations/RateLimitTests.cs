using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

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
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "3",
            ["RateLimits:TokenRequestBurstPerAddress"] = "3",
        });
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

    [Theory]
    [InlineData("10.0.0.0/8", HttpStatusCode.Unauthorized)]
    [InlineData("10.1.2.3", HttpStatusCode.Unauthorized)]
    [InlineData("192.168.0.0/16", HttpStatusCode.TooManyRequests)]
    [InlineData("", HttpStatusCode.TooManyRequests)]
    public async Task Forwarded_client_addresses_get_their_own_buckets_only_behind_a_trusted_proxy(string trustedProxies, HttpStatusCode secondClient)
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies"] = trustedProxies,
            ["RateLimits:PermitsPerSecondPerClient"] = "1",
            ["RateLimits:BurstPerClient"] = "1",
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "1",
            ["RateLimits:TokenRequestBurstPerAddress"] = "1",
        })
        { RemoteAddress = IPAddress.Parse("10.1.2.3") };

        // Requests without a token spend the token bucket of their address. Its refill every second
        // could serve the second client's request just in time, so a shared bucket is tried thrice.
        var answer = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 3 && answer != secondClient; attempt++)
        {
            await ExhaustAsync(Forwarding(gateway, "203.0.113.1"));
            answer = (await Forwarding(gateway, "203.0.113.2").GetAsync("/api/v1/wallets/w-1")).StatusCode;
        }

        answer.Should().Be(secondClient);
        var guess = new { clientId = "guess", clientSecret = "guessing-the-secret" };
        (await Forwarding(gateway, "198.51.100.1").PostAsJsonAsync("/api/v1/auth/token", guess)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Forwarding(gateway, "198.51.100.2").PostAsJsonAsync("/api/v1/auth/token", guess)).StatusCode.Should().Be(secondClient);
    }

    [Fact]
    public void Trusted_proxies_are_addresses_and_networks_and_anything_else_stops_the_start()
    {
        var (proxies, networks) = ForwardedHeadersSetup.Parse("10.0.0.7, 172.16.0.0/12");

        proxies.Should().Equal(IPAddress.Parse("10.0.0.7"));
        networks.Should().Equal(IPNetwork.Parse("172.16.0.0/12"));
        ForwardedHeadersSetup.Parse(null).Proxies.Should().BeEmpty();
        FluentActions.Invoking(() => ForwardedHeadersSetup.Parse("10.0.0.7,load-balancer")).Should().Throw<OptionsValidationException>()
            .WithMessage("*Gateway:TrustedProxies*load-balancer*");
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::9", "2001:db8:1:2::/64")]
    public void Limits_by_address_count_an_ipv6_64_as_one_address(string address, string partition)
    {
        AddressPartition.Of(IPAddress.Parse(address)).Should().Be(partition);
    }

    [Fact]
    public void The_token_bucket_per_address_refills_at_the_configured_rate_per_minute()
    {
        var shipped = RateLimitingSetup.TokenBucketPerAddress(new RateLimitOptions());
        var generous = RateLimitingSetup.TokenBucketPerAddress(new RateLimitOptions { TokenRequestsPerMinutePerAddress = 100_000 });

        shipped.TokenLimit.Should().Be(3000);
        (shipped.TokensPerPeriod * (TimeSpan.FromMinutes(1) / shipped.ReplenishmentPeriod)).Should().BeApproximately(200, 0.001);
        (generous.TokensPerPeriod * (TimeSpan.FromMinutes(1) / generous.ReplenishmentPeriod)).Should().BeApproximately(100_000, 1);
        generous.ReplenishmentPeriod.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100), "the limiter refills on a 100 ms timer");
    }

    private static async Task ExhaustAsync(HttpClient client)
    {
        for (var i = 0; i < 10; i++)
        {
            if ((await client.GetAsync("/api/v1/wallets/w-1")).StatusCode == HttpStatusCode.TooManyRequests)
            {
                return;
            }
        }

        throw new InvalidOperationException("The client was never limited.");
    }

    /// <summary>Requests as the load balancer passes them on for <paramref name="client"/>.</summary>
    private static HttpClient Forwarding(GatewayFactory gateway, string client)
    {
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return http;
    }
}
