using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>
/// The operator runs the cluster: a token of role operator from the bootstrap client, and none of the organizer's,
/// devices' or top-up provider's calls (the authorization matrix covers every endpoint; here what a refusal leaves).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OperatorRoleTests(GatewayFixture fixture)
{
    [Fact]
    public async Task The_bootstrap_operator_gets_a_token_of_role_operator()
    {
        var token = new JsonWebToken(await GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OperatorId, GatewayFactory.OperatorSecret));

        token.GetClaim("role").Value.Should().Be("operator");
        token.GetClaim("sub").Value.Should().Be(GatewayFactory.OperatorId);
        token.TryGetClaim("device_id", out _).Should().BeFalse();
    }

    [Fact]
    public async Task An_operator_cannot_create_a_wallet_and_none_is_created()
    {
        var walletId = TestApi.NewId("w");

        var refused = await fixture.Operator.PostAsJsonAsync("/api/v1/wallets", new { walletId });

        (await refused.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("type").GetString().Should().EndWith("role-not-allowed");
        await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_operator_cannot_top_up_or_enroll_a_device()
    {
        var (walletId, _) = await fixture.NewWalletAsync(balance: 500);
        var deviceId = TestApi.NewId("d");

        await (await fixture.Operator.PostAsJsonAsync("/api/v1/topups", new { topupId = TestApi.NewId("t"), walletId, amount = 100 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await fixture.Operator.PostAsJsonAsync("/api/v1/devices", new { deviceId, standId = "bar-1" })).ProblemAsync(HttpStatusCode.Forbidden);

        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(500);
        await (await fixture.Organizer.GetAsync($"/api/v1/devices/{deviceId}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bootstrap_operator_named_like_a_client_of_another_role_stops_the_start()
    {
        using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Auth:BootstrapOperator:ClientId"] = GatewayFactory.TopUpId,
            ["Auth:BootstrapOperator:ClientSecret"] = "operator-secret-0123456789",
        });

        var start = () => gateway.CreateClient();

        start.Should().Throw<InvalidOperationException>().WithMessage($"*{GatewayFactory.TopUpId} exists with role topup, not operator*");
    }
}
