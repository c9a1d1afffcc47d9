using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Attacks on the token endpoint: guessing a secret from many addresses, probing for client ids, starving terminals behind one NAT.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenAbuseTests(GatewayFixture fixture)
{
    private const string TokenPath = "/api/v1/auth/token";

    [Fact]
    public async Task Guessing_one_clients_secret_past_its_failure_budget_is_refused_from_every_address()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies"] = "10.0.0.0/8",
            ["RateLimits:TokenFailuresPerClient"] = "3",
            ["RateLimits:TokenBackoffSeconds"] = "60",
        })
        { RemoteAddress = IPAddress.Parse("10.1.2.3") };

        var answers = new List<HttpStatusCode>();
        for (var guess = 1; guess <= 6; guess++)
        {
            var response = await Forwarding(gateway, $"198.51.100.{guess}").PostAsJsonAsync(TokenPath, new { clientId = GatewayFactory.OrganizerId, clientSecret = $"guess-number-{guess}" });
            answers.Add(response.StatusCode);
        }

        answers.Should().Equal(
            HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
        var right = await Forwarding(gateway, "203.0.113.9").PostAsJsonAsync(TokenPath, new { clientId = GatewayFactory.OrganizerId, clientSecret = GatewayFactory.OrganizerSecret });
        (await right.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().EndWith("secret-attempts-exceeded");
        right.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThan(TimeSpan.FromSeconds(30), "the id backs off for 60 s, whoever asks");
        var other = await Forwarding(gateway, "198.51.100.1").PostAsJsonAsync(TokenPath, new { clientId = GatewayFactory.TopUpId, clientSecret = GatewayFactory.TopUpSecret });
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another client id is not held back");
    }

    [Fact]
    public async Task An_unknown_client_id_costs_the_same_hashing_as_a_known_one_of_its_kind()
    {
        await using var gateway = new GatewayFactory(fixture.Silo);
        var device = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var checker = gateway.Services.GetRequiredService<SecretChecker>();
        var anonymous = gateway.CreateClient();

        async Task<long> IterationsOfAsync(string clientId)
        {
            var before = checker.IterationsPerformed;
            var response = await anonymous.PostAsJsonAsync(TokenPath, new { clientId, clientSecret = "a-wrong-secret-of-some-length" });
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            return checker.IterationsPerformed - before;
        }

        var knownOrganizer = await IterationsOfAsync(GatewayFactory.OrganizerId);
        var unknownId = await IterationsOfAsync(TestApi.NewId("nobody"));
        var knownDevice = await IterationsOfAsync(device.ClientId);
        var unknownDevice = await IterationsOfAsync(ClientIds.ForDevice(TestApi.NewId("d-absent")));

        knownOrganizer.Should().Be(ClientSecretHasher.Iterations);
        unknownId.Should().Be(knownOrganizer, "an unknown id must cost what an operator's client costs");
        knownDevice.Should().Be(1);
        unknownDevice.Should().Be(knownDevice, "an unknown device id must cost what an enrolled device costs");
    }

    [Fact]
    public async Task Fifteen_hundred_terminals_behind_one_address_all_get_a_token_with_the_shipped_limits()
    {
        const int terminals = 1500;
        await using var gateway = new GatewayFactory(fixture.Silo) { ShippedRateLimits = true, RemoteAddress = IPAddress.Parse("203.0.113.7") };
        var secret = ClientSecretHasher.NewSecret();
        var verifier = ClientSecretHasher.HashGenerated(secret);
        var clientIds = Enumerable.Range(0, terminals).Select(_ => TestApi.NewId("d-nat")).ToList();
        await Parallel.ForEachAsync(clientIds, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (deviceId, _) =>
            (await fixture.Grains.GetGrain<IApiClientGrain>(ClientIds.ForDevice(deviceId)).Create(new ApiClientRegistration(ApiClientRole.Device, deviceId, verifier)))
                .Should().Be(ApiClientCreateOutcome.Created));
        var anonymous = gateway.CreateClient();

        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        await Parallel.ForEachAsync(clientIds, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (deviceId, _) =>
            answers.Add((await anonymous.PostAsJsonAsync(TokenPath, new { clientId = ClientIds.ForDevice(deviceId), clientSecret = secret })).StatusCode));

        answers.GroupBy(status => status).ToDictionary(group => group.Key, group => group.Count())
            .Should().Equal(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = terminals });
    }

    [Fact]
    public async Task Stretched_secret_checks_beyond_the_bound_are_answered_503_at_once_and_device_tokens_still_flow()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["RateLimits:SecretChecksAtOnce"] = "1",
            ["RateLimits:SecretChecksQueued"] = "0",
        });
        var device = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var anonymous = gateway.CreateClient();

        var guesses = Enumerable.Range(0, 40)
            .Select(_ => anonymous.PostAsJsonAsync(TokenPath, new { clientId = TestApi.NewId("nobody"), clientSecret = "guessing-the-secret" }))
            .ToList();
        var deviceToken = await anonymous.PostAsJsonAsync(TokenPath, new { clientId = device.ClientId, clientSecret = device.Secret });
        var answers = await Task.WhenAll(guesses);

        deviceToken.StatusCode.Should().Be(HttpStatusCode.OK, "a device's one-round check does not wait for stretched ones");
        answers.Select(answer => answer.StatusCode).Should().OnlyContain(status => status == HttpStatusCode.Unauthorized || status == HttpStatusCode.ServiceUnavailable);
        var busy = answers.Where(answer => answer.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        busy.Should().NotBeEmpty("40 checks at once cannot all run on a bound of one with no queue");
        (await busy[0].ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString().Should().EndWith("secret-checks-busy");
        busy[0].Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Addresses_of_one_ipv6_64_share_one_token_bucket()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Gateway:TrustedProxies"] = "10.0.0.0/8",
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "1",
            ["RateLimits:TokenRequestBurstPerAddress"] = "1",
        })
        { RemoteAddress = IPAddress.Parse("10.1.2.3") };
        var guess = new { clientId = TestApi.NewId("nobody"), clientSecret = "guessing-the-secret" };

        var first = await Forwarding(gateway, "2001:db8:1:2::1").PostAsJsonAsync(TokenPath, guess);
        var sameNetwork = await Forwarding(gateway, "2001:db8:1:2:ffff:ffff:ffff:9").PostAsJsonAsync(TokenPath, guess);
        var otherNetwork = await Forwarding(gateway, "2001:db8:1:3::1").PostAsJsonAsync(TokenPath, guess);

        first.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        sameNetwork.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "one /64 is one subscriber, however many addresses it uses");
        otherNetwork.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    /// <summary>Requests as a trusted load balancer passes them on for <paramref name="client"/>.</summary>
    private static HttpClient Forwarding(GatewayFactory gateway, string client)
    {
        var http = gateway.CreateClient();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        return http;
    }
}
