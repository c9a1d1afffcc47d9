using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Tests.Security;

[Collection(GatewayCollection.Name)]
public sealed class TokenTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Client_credentials_get_a_bearer_token_for_900_seconds()
    {
        var response = await fixture.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { clientId = GatewayFactory.OrganizerId, clientSecret = GatewayFactory.OrganizerSecret });

        var body = await response.JsonAsync(HttpStatusCode.OK);
        body.GetProperty("tokenType").GetString().Should().Be("Bearer");
        body.GetProperty("expiresIn").GetInt32().Should().Be(900);
        var token = new JsonWebToken(body.GetProperty("accessToken").GetString());
        token.GetClaim("role").Value.Should().Be("organizer");
        token.Subject.Should().Be(GatewayFactory.OrganizerId);
        (token.ValidTo - token.IssuedAt).Should().Be(TimeSpan.FromSeconds(900));
    }

    [Theory]
    [InlineData(GatewayFactory.OrganizerId, "wrong-secret-but-long-enough")]
    [InlineData("nobody-at-all", GatewayFactory.OrganizerSecret)]
    [InlineData("not a valid id!", GatewayFactory.OrganizerSecret)]
    public async Task Wrong_credentials_are_401(string clientId, string clientSecret)
    {
        var response = await fixture.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret });

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("invalid-client");
    }

    [Fact]
    public async Task No_token_is_401_with_a_bearer_challenge()
    {
        var response = await fixture.Anonymous().GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}");

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("missing-token");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var key = await ClusterKeyAsync();
        var token = TestTokens.Sign(Convert.FromBase64String(key.Key), key.KeyId, "organizer", GatewayFactory.OrganizerId, DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));

        var response = await GatewayFixture.WithToken(fixture.Anonymous(), token).GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}");

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("token-expired");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var token = TestTokens.Sign(RandomNumberGenerator.GetBytes(64), (await ClusterKeyAsync()).KeyId, "organizer", GatewayFactory.OrganizerId);

        var response = await GatewayFixture.WithToken(fixture.Anonymous(), token).GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}");

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("invalid-token");
    }

    [Fact]
    public async Task An_unsigned_token_is_401()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "festivalpos",
            Audience = "festivalpos-api",
            Expires = DateTime.UtcNow.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim("sub", GatewayFactory.OrganizerId), new Claim("role", "organizer")]),
        });

        await (await GatewayFixture.WithToken(fixture.Anonymous(), token).GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_well_signed_token_claiming_a_role_its_client_does_not_have_is_401()
    {
        var key = await ClusterKeyAsync();
        var token = TestTokens.Sign(Convert.FromBase64String(key.Key), key.KeyId, "organizer", GatewayFactory.TopUpId);

        var response = await GatewayFixture.WithToken(fixture.Anonymous(), token).PostAsJsonAsync("/api/v1/wallets", new { walletId = TestApi.NewId("w") });

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("client-revoked");
    }

    [Fact]
    public async Task A_revoked_device_is_refused_at_once_and_cannot_get_a_new_token()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, uid))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await fixture.Organizer.PostAsync($"/api/v1/devices/{device.DeviceId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(2, walletId, 10, uid))).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 3, walletId, 10) } })).ProblemAsync(HttpStatusCode.Unauthorized);
        var token = await fixture.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { clientId = device.ClientId, clientSecret = device.Secret });
        await token.ProblemAsync(HttpStatusCode.Unauthorized);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(90);
    }

    [Fact]
    public async Task A_device_revoked_through_another_gateway_moves_no_money_at_once_and_is_refused_everywhere_within_a_second()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        (await device.Client.GetAsync(device.Snapshot)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var second = new GatewayFactory(fixture.Silo);
        var organizer = await GatewayFixture.SignedInAsync(second, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);

        (await organizer.PostAsync($"/api/v1/devices/{device.DeviceId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, uid))).ProblemAsync(HttpStatusCode.Unauthorized);
        var batch = await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 2, walletId, 10) } });
        if (batch.StatusCode == HttpStatusCode.OK)
        {
            (await batch.JsonAsync(HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("status").GetString().Should().Be("rejected");
        }
        else
        {
            await batch.ProblemAsync(HttpStatusCode.Unauthorized);
        }

        await Task.Delay(ClientRecordCache.MaxAge + TimeSpan.FromMilliseconds(100));
        await (await device.Client.GetAsync(device.Snapshot)).ProblemAsync(HttpStatusCode.Unauthorized);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task Gateways_without_a_configured_key_share_the_cluster_key_so_tokens_work_on_any_of_them()
    {
        await using var second = new GatewayFactory(fixture.Silo);
        var tokenFromFirst = await GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);

        var response = await GatewayFixture.WithToken(second.CreateClient(), tokenFromFirst).PostAsJsonAsync("/api/v1/wallets", new { walletId = TestApi.NewId("w") });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_configured_signing_key_is_used_instead_of_the_cluster_key()
    {
        var configured = RandomNumberGenerator.GetBytes(32);
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Auth:SigningKey"] = Convert.ToBase64String(configured) });
        var token = await GatewayFixture.TokenAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);

        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(configured),
            ValidIssuer = "festivalpos",
            ValidAudience = "festivalpos-api",
        });
        result.IsValid.Should().BeTrue();
        await (await GatewayFixture.WithToken(fixture.Anonymous(), token).GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<TokenSigningKey> ClusterKeyAsync() =>
        (await fixture.Grains.GetGrain<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current).GetKeys(TimeSpan.Zero)).Current;
}
