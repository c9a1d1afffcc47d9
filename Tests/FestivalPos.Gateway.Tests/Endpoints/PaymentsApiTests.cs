using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class PaymentsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task An_nfc_charge_is_approved_with_the_new_balance()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);

        var answer = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(17, walletId, 450, uid))).JsonAsync(HttpStatusCode.OK);

        answer.GetProperty("txId").GetString().Should().Be($"{device.DeviceId}:17");
        answer.GetProperty("status").GetString().Should().Be("approved");
        answer.GetProperty("reason").ValueKind.Should().Be(JsonValueKind.Null);
        answer.GetProperty("balance").GetInt64().Should().Be(550);
    }

    [Fact]
    public async Task Declines_carry_the_reason_and_move_nothing()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);

        await Expect(device, TestApi.Payment(1, walletId, 101, uid), "insufficientFunds", 100);
        await Expect(device, TestApi.Payment(2, walletId, 10, "uid-of-someone-else"), "badCredential", 100);
        await Expect(device, new { seq = 3, walletId, amount = 10, credential = new { type = "pin", value = "0000" }, createdAt = TestApi.CreatedAt }, "badCredential", 100);
        await Expect(device, new { seq = 4, walletId, amount = 10, credential = new { type = "qr", value = "any-token" }, createdAt = TestApi.CreatedAt }, "badCredential", 100);
        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await Expect(device, TestApi.Payment(5, walletId, 10, uid), "walletBlocked", 100);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task A_pin_charge_is_approved_with_the_wallets_pin()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = "4321" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var answer = await (await device.Client.PostAsJsonAsync(device.Payments,
            new { seq = 1, walletId, amount = 40, credential = new { type = "pin", value = "4321" }, createdAt = TestApi.CreatedAt })).JsonAsync(HttpStatusCode.OK);

        answer.GetProperty("status").GetString().Should().Be("approved");
        answer.GetProperty("balance").GetInt64().Should().Be(60);
    }

    [Fact]
    public async Task A_repeated_seq_answers_the_first_decision_and_charges_once()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);
        var payment = TestApi.Payment(1, walletId, 300, uid);

        var first = await (await device.Client.PostAsJsonAsync(device.Payments, payment)).JsonAsync(HttpStatusCode.OK);
        var again = await (await device.Client.PostAsJsonAsync(device.Payments, payment)).JsonAsync(HttpStatusCode.OK);

        again.GetRawText().Should().Be(first.GetRawText());
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(700);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_seq_charge_once()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 300, uid))));

        var answers = await Task.WhenAll(responses.Select(r => r.JsonAsync(HttpStatusCode.OK)));
        answers.Select(a => a.GetProperty("status").GetString()).Should().AllBe("approved");
        answers.Select(a => a.GetProperty("balance").GetInt64()).Should().AllBeEquivalentTo(700);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(700);
    }

    [Fact]
    public async Task The_same_seq_with_another_body_is_409()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 300, uid))).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 301, uid));

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().EndWith("seq-conflict");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(700);
    }

    [Fact]
    public async Task A_charge_of_an_unknown_wallet_is_404_and_decides_the_seq()
    {
        var device = await fixture.EnrollDeviceAsync();

        var response = await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, TestApi.NewId("w"), 10, "uid-1"));

        await response.ProblemAsync(HttpStatusCode.NotFound);
        var view = await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);
        view.GetProperty("ackedThrough").GetInt64().Should().Be(1);
    }

    private static async Task Expect(TestDevice device, object payment, string reason, long balance)
    {
        var answer = await (await device.Client.PostAsJsonAsync(device.Payments, payment)).JsonAsync(HttpStatusCode.OK);
        answer.GetProperty("status").GetString().Should().Be("declined");
        answer.GetProperty("reason").GetString().Should().Be(reason);
        answer.GetProperty("balance").GetInt64().Should().Be(balance);
    }
}
