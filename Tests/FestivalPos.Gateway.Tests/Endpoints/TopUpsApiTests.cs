using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class TopUpsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_top_up_applies_once_and_its_repeat_answers_duplicate()
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        var topupId = TestApi.NewId("t");

        var applied = await (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount = 500 })).JsonAsync(HttpStatusCode.OK);
        var repeated = await (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount = 500 })).JsonAsync(HttpStatusCode.OK);

        applied.GetProperty("topupId").GetString().Should().Be(topupId);
        applied.GetProperty("status").GetString().Should().Be("applied");
        applied.GetProperty("balance").GetInt64().Should().Be(500);
        repeated.GetProperty("status").GetString().Should().Be("duplicate");
        repeated.GetProperty("balance").GetInt64().Should().Be(500);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(500);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_top_up_credit_it_once()
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        var topupId = TestApi.NewId("t");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount = 250 })));

        var statuses = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString()));
        statuses.Count(s => s == "applied").Should().Be(1);
        statuses.Count(s => s == "duplicate").Should().Be(9);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(250);
    }

    [Fact]
    public async Task The_same_topup_id_with_another_amount_or_wallet_is_409()
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        var (other, _) = await fixture.NewWalletAsync();
        var topupId = TestApi.NewId("t");
        (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount = 100 })).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount = 101 })).ProblemAsync(HttpStatusCode.Conflict);
        await (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId = other, amount = 100 })).ProblemAsync(HttpStatusCode.Conflict);

        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100);
        (await fixture.WalletAsync(other)).GetProperty("balance").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_top_up_of_an_unknown_wallet_is_404()
    {
        var response = await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId = TestApi.NewId("t"), walletId = TestApi.NewId("w"), amount = 100 });

        (await response.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("type").GetString().Should().EndWith("wallet-not-found");
    }

    [Fact]
    public async Task The_top_up_provider_reads_wallets()
    {
        var (walletId, _) = await fixture.NewWalletAsync(balance: 70);

        var wallet = await (await fixture.TopUp.GetAsync($"/api/v1/wallets/{walletId}")).JsonAsync(HttpStatusCode.OK);

        wallet.GetProperty("balance").GetInt64().Should().Be(70);
    }
}
