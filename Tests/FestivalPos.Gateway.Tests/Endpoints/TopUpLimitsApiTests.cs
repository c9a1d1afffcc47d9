using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>A festival that caps top-ups at 1,000 and balances at 5,000: a top-up over either is refused and changes nothing.</summary>
public sealed class TopUpLimitsApiTests : IAsyncLifetime
{
    private ConfiguredGateway _festival = null!;

    public async Task InitializeAsync() =>
        _festival = await ConfiguredGateway.StartAsync(new Dictionary<string, string?> { ["Wallets:MaxTopUp"] = "1000", ["Wallets:MaxBalance"] = "5000" });

    public async Task DisposeAsync() => await _festival.DisposeAsync();

    [Fact]
    public async Task A_top_up_above_the_maximum_top_up_is_400_and_its_id_stays_free()
    {
        var walletId = await NewWalletAsync();
        var topupId = TestApi.NewId("t");

        var refused = await (await TopUpAsync(topupId, walletId, 1_001)).ProblemAsync(HttpStatusCode.BadRequest);
        var lowered = await (await TopUpAsync(topupId, walletId, 1_000)).JsonAsync(HttpStatusCode.OK);

        refused.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:topup-over-limit");
        refused.GetProperty("detail").GetString().Should().Contain("at most 1000").And.Contain("1001");
        lowered.GetProperty("status").GetString().Should().Be("applied", "a refused top-up claims nothing, so the provider may send its id again");
        await EntriesShouldBeAsync(walletId, 1_000);
    }

    [Fact]
    public async Task A_top_up_that_would_take_the_wallet_over_the_maximum_balance_is_409_and_credits_nothing()
    {
        var walletId = await NewWalletAsync();
        foreach (var _ in Enumerable.Range(0, 4))
        {
            (await TopUpAsync(TestApi.NewId("t"), walletId, 1_000)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var atCap = await (await TopUpAsync(TestApi.NewId("t"), walletId, 1_000)).JsonAsync(HttpStatusCode.OK);
        var over = await (await TopUpAsync(TestApi.NewId("t"), walletId, 1)).ProblemAsync(HttpStatusCode.Conflict);

        atCap.GetProperty("balance").GetInt64().Should().Be(5_000);
        over.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:balance-over-limit");
        over.GetProperty("detail").GetString().Should().Contain("holds 5000").And.Contain("at most 5000").And.Contain("at most 0 more");
        await EntriesShouldBeAsync(walletId, 1_000, 1_000, 1_000, 1_000, 1_000);
    }

    [Fact]
    public async Task A_repeat_of_an_applied_top_up_still_answers_duplicate_when_the_wallet_is_full()
    {
        var walletId = await NewWalletAsync();
        var topupId = TestApi.NewId("t");
        (await TopUpAsync(topupId, walletId, 1_000)).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var _ in Enumerable.Range(0, 4))
        {
            (await TopUpAsync(TestApi.NewId("t"), walletId, 1_000)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var repeat = await (await TopUpAsync(topupId, walletId, 1_000)).JsonAsync(HttpStatusCode.OK);

        repeat.GetProperty("status").GetString().Should().Be("duplicate");
        repeat.GetProperty("balance").GetInt64().Should().Be(5_000);
    }

    private Task<HttpResponseMessage> TopUpAsync(string topupId, string walletId, long amount) =>
        _festival.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId, walletId, amount });

    private async Task<string> NewWalletAsync()
    {
        var walletId = TestApi.NewId("w");
        (await _festival.Organizer.PostAsJsonAsync("/api/v1/wallets", new { walletId })).StatusCode.Should().Be(HttpStatusCode.Created);
        return walletId;
    }

    private async Task EntriesShouldBeAsync(string walletId, params long[] amounts)
    {
        var page = await (await _festival.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after=0&limit=100")).JsonAsync(HttpStatusCode.OK);
        page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("amount").GetInt64()).Should().Equal(amounts);
    }
}
