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

    [Fact]
    public async Task Wristbands_pin_block_and_unblock_answer_204_and_change_the_wallet()
    {
        var (walletId, _) = await fixture.NewWalletAsync();

        (await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid = TestApi.NewId("uid") })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = "1234" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.WalletAsync(walletId)).GetProperty("status").GetString().Should().Be("blocked");
        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/unblock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.WalletAsync(walletId)).GetProperty("status").GetString().Should().Be("active");
    }

    [Fact]
    public async Task A_wristband_of_another_wallet_is_409()
    {
        var (_, uid) = await fixture.NewWalletAsync();
        var (other, _) = await fixture.NewWalletAsync();

        var response = await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{other}/wristbands", new { uid });

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().EndWith("wristband-taken");
    }

    [Fact]
    public async Task Commands_on_an_unknown_wallet_are_404()
    {
        var walletId = TestApi.NewId("w");

        await (await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid = TestApi.NewId("uid") })).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = "1234" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/unblock", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Transactions_page_through_the_entries_oldest_first()
    {
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);
        var device = await fixture.EnrollDeviceAsync();
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 300, uid))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId = TestApi.NewId("t"), walletId, amount = 50 })).StatusCode.Should().Be(HttpStatusCode.OK);

        var first = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?limit=2")).JsonAsync(HttpStatusCode.OK);
        var entries = first.GetProperty("entries").EnumerateArray().ToList();
        entries.Should().HaveCount(2);
        entries[0].GetProperty("kind").GetString().Should().Be("topup");
        entries[0].GetProperty("amount").GetInt64().Should().Be(1000);
        entries[0].GetProperty("deviceId").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        var charge = entries[1];
        charge.GetProperty("kind").GetString().Should().Be("charge");
        charge.GetProperty("amount").GetInt64().Should().Be(-300);
        charge.GetProperty("balanceAfter").GetInt64().Should().Be(700);
        charge.GetProperty("txId").GetString().Should().Be($"{device.DeviceId}:1");
        charge.GetProperty("deviceId").GetString().Should().Be(device.DeviceId);
        charge.GetProperty("seq").GetInt64().Should().Be(1);
        charge.GetProperty("createdAt").GetString().Should().Be(TestApi.CreatedAt);
        charge.GetProperty("hash").GetString().Should().HaveLength(64);
        charge.TryGetProperty("recordedAt", out _).Should().BeTrue();
        charge.GetProperty("position").GetInt64().Should().BeGreaterThan(entries[0].GetProperty("position").GetInt64());

        var next = first.GetProperty("next").GetInt64();
        var second = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after={next}")).JsonAsync(HttpStatusCode.OK);
        second.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Equal("topup");
        second.GetProperty("next").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }
}

