using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Organizer and top-up clients can be revoked and their secrets rotated; old tokens stop everywhere within a second.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ClientRevocationTests(GatewayFixture fixture)
{
    private const string OrganizerCall = "/api/v1/review?limit=1";

    [Fact]
    public async Task A_revoked_organizer_is_refused_at_once_here_within_a_second_everywhere_and_gets_no_new_token()
    {
        var clientId = TestApi.NewId("organizer");
        const string secret = "another-organizer-secret-0123";
        await using var second = new GatewayFactory(fixture.Silo, Organizer(clientId, secret));
        var token = await GatewayFixture.TokenAsync(second, clientId, secret);
        var here = GatewayFixture.WithToken(fixture.Anonymous(), token);
        var there = GatewayFixture.WithToken(second.CreateClient(), token);
        (await here.GetAsync(OrganizerCall)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await there.GetAsync(OrganizerCall)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await fixture.Organizer.PostAsync($"/api/v1/clients/{clientId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await (await here.GetAsync(OrganizerCall)).ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("client-revoked");
        await Task.Delay(ClientRecordCache.MaxAge);
        await (await there.GetAsync(OrganizerCall)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret })).ProblemAsync(HttpStatusCode.Unauthorized);
        (await fixture.Organizer.PostAsync($"/api/v1/clients/{clientId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent, "revoking again changes nothing");
    }

    [Fact]
    public async Task A_rotated_secret_ends_the_old_tokens_and_the_old_secret_also_after_a_restart_with_the_old_configuration()
    {
        var clientId = TestApi.NewId("topup");
        const string secret = "a-top-up-provider-secret-0123";
        var configuration = new Dictionary<string, string?> { ["Auth:BootstrapTopup:ClientId"] = clientId, ["Auth:BootstrapTopup:ClientSecret"] = secret };
        var (walletId, _) = await fixture.NewWalletAsync();
        var walletCall = $"/api/v1/wallets/{walletId}";
        await using (var second = new GatewayFactory(fixture.Silo, configuration))
        {
            var token = await GatewayFixture.TokenAsync(second, clientId, secret);
            var here = GatewayFixture.WithToken(fixture.Anonymous(), token);
            var there = GatewayFixture.WithToken(second.CreateClient(), token);
            (await there.GetAsync(walletCall)).StatusCode.Should().Be(HttpStatusCode.OK);

            var rotated = await fixture.Organizer.PostAsync($"/api/v1/clients/{clientId}/rotate-secret", null);

            var body = await rotated.JsonAsync(HttpStatusCode.OK);
            body.GetProperty("clientId").GetString().Should().Be(clientId);
            var newSecret = body.GetProperty("clientSecret").GetString()!;
            newSecret.Should().NotBe(secret).And.HaveLength(43, "256 random bits, base64url");
            var fresh = GatewayFixture.WithToken(second.CreateClient(), await GatewayFixture.TokenAsync(second, clientId, newSecret));
            (await fresh.GetAsync(walletCall)).StatusCode.Should().Be(HttpStatusCode.OK, "a token of the new secret works at once, also where the old record is still remembered");
            await (await here.GetAsync(walletCall)).ProblemAsync(HttpStatusCode.Unauthorized);
            await Task.Delay(ClientRecordCache.MaxAge);
            await (await there.GetAsync(walletCall)).ProblemAsync(HttpStatusCode.Unauthorized);
            await (await second.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret })).ProblemAsync(HttpStatusCode.Unauthorized);
            (await fresh.GetAsync(walletCall)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Configuration still names the old secret: a restart must not bring it back.
        await using var restarted = new GatewayFactory(fixture.Silo, configuration);
        await (await restarted.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_last_active_organizer_cannot_be_revoked_and_top_up_clients_can()
    {
        await using var silo = await TestSilo.StartAsync();
        await using var gateway = new GatewayFactory(silo);
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var topUp = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);

        var last = await organizer.PostAsync($"/api/v1/clients/{GatewayFactory.OrganizerId}/revoke", null);

        (await last.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().EndWith("last-organizer");
        (await organizer.GetAsync(OrganizerCall)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await organizer.PostAsync($"/api/v1/clients/{GatewayFactory.TopUpId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await topUp.GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await organizer.PostAsync($"/api/v1/clients/{TestApi.NewId("nobody")}/revoke", null)).ProblemAsync(HttpStatusCode.NotFound);

        // With a second organizer the first may go; the second, now alone, may not.
        var successor = TestApi.NewId("organizer");
        await using var other = new GatewayFactory(silo, Organizer(successor, "the-successor-secret-0123"));
        var next = await GatewayFixture.SignedInAsync(other, successor, "the-successor-secret-0123");
        (await next.PostAsync($"/api/v1/clients/{GatewayFactory.OrganizerId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await next.PostAsync($"/api/v1/clients/{successor}/revoke", null)).ProblemAsync(HttpStatusCode.Conflict);
        (await next.GetAsync(OrganizerCall)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_organizers_revoking_each_other_at_once_leave_one_of_them_active()
    {
        await using var silo = await TestSilo.StartAsync();
        var first = TestApi.NewId("organizer");
        var second = TestApi.NewId("organizer");
        foreach (var clientId in new[] { first, second })
        {
            var created = await silo.Grains.GetGrain<IApiClientGrain>(clientId).Create(new ApiClientRegistration(ApiClientRole.Organizer, null, ClientSecretHasher.HashGenerated(ClientSecretHasher.NewSecret())));
            created.Should().Be(ApiClientCreateOutcome.Created);
        }

        var outcomes = await Task.WhenAll(silo.Grains.GetGrain<IApiClientGrain>(first).Revoke(), silo.Grains.GetGrain<IApiClientGrain>(second).Revoke());

        outcomes.Should().BeEquivalentTo([ApiClientRevokeOutcome.Revoked, ApiClientRevokeOutcome.LastOrganizer]);
        (await silo.Grains.GetGrain<IOrganizersGrain>(IOrganizersGrain.All).GetActive()).Should().ContainSingle();
        var views = await Task.WhenAll(silo.Grains.GetGrain<IApiClientGrain>(first).Get(), silo.Grains.GetGrain<IApiClientGrain>(second).Get());
        views.Count(view => view!.Revoked).Should().Be(1);
    }

    private static Dictionary<string, string?> Organizer(string clientId, string secret) => new()
    {
        ["Auth:BootstrapOrganizer:ClientId"] = clientId,
        ["Auth:BootstrapOrganizer:ClientSecret"] = secret,
    };
}
