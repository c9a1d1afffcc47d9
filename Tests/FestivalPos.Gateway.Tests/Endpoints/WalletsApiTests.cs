using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class WalletsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Creating_a_wallet_answers_201_with_a_zero_active_wallet()
    {
        var walletId = TestApi.NewId("w");

        var created = await (await fixture.Organizer.PostAsJsonAsync("/api/v1/wallets", new { walletId })).JsonAsync(HttpStatusCode.Created);

        created.GetProperty("walletId").GetString().Should().Be(walletId);
        created.GetProperty("balance").GetInt64().Should().Be(0);
        created.GetProperty("status").GetString().Should().Be("active");
        var wallet = await fixture.WalletAsync(walletId);
        wallet.GetProperty("balance").GetInt64().Should().Be(0);
        wallet.GetProperty("status").GetString().Should().Be("active");
        wallet.GetProperty("flags").GetArrayLength().Should().Be(0);
        wallet.GetProperty("version").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Creating_an_existing_wallet_is_409()
    {
        var (walletId, _) = await fixture.NewWalletAsync();

        var problem = await (await fixture.Organizer.PostAsJsonAsync("/api/v1/wallets", new { walletId })).ProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("type").GetString().Should().EndWith("wallet-exists");
    }

    [Fact]
    public async Task An_unknown_wallet_is_404()
    {
        var problem = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}")).ProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("type").GetString().Should().EndWith("wallet-not-found");
    }
}
