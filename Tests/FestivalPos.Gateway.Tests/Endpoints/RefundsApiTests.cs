using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>Refunds: whole or in part, once per refundId, never more than is left of the charge, and a refused one changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RefundsApiTests(GatewayFixture fixture)
{
    private const string Path = "/api/v1/refunds";

    [Fact]
    public async Task An_organizer_refunds_a_charge_in_parts_and_never_more_than_it_was()
    {
        var (device, walletId, txId) = await SaleAsync(balance: 1_000, amount: 800);

        var first = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r1", walletId, txId, 300))).JsonAsync(HttpStatusCode.OK);
        var over = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r2", walletId, txId, 501))).ProblemAsync(HttpStatusCode.Conflict);
        var rest = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r2", walletId, txId, 500))).JsonAsync(HttpStatusCode.OK);
        var nothingLeft = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r3", walletId, txId, 1))).ProblemAsync(HttpStatusCode.Conflict);

        first.GetProperty("status").GetString().Should().Be("applied");
        first.GetProperty("balance").GetInt64().Should().Be(500);
        first.GetProperty("refundable").GetInt64().Should().Be(500);
        over.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-exceeds-charge");
        over.GetProperty("detail").GetString().Should().Contain("500 left").And.Contain("501");
        rest.GetProperty("status").GetString().Should().Be("applied", "a refused refund claims nothing: its id may be sent again, corrected");
        rest.GetProperty("balance").GetInt64().Should().Be(1_000);
        rest.GetProperty("refundable").GetInt64().Should().Be(0);
        nothingLeft.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-exceeds-charge");
        (await EntriesAsync(walletId)).Should().Equal(("topup", 1_000L), ("charge", -800L), ("refund", 300L), ("refund", 500L));
        device.Should().NotBeNull();
    }

    [Fact]
    public async Task A_repeat_answers_duplicate_and_the_same_id_with_other_content_is_409()
    {
        var (_, walletId, txId) = await SaleAsync(balance: 1_000, amount: 600);
        var (otherWallet, otherTxId) = await OtherSaleAsync();
        var refundId = TestApi.NewId("r");
        (await fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, walletId, txId, 200))).StatusCode.Should().Be(HttpStatusCode.OK);

        var repeat = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, walletId, txId, 200))).JsonAsync(HttpStatusCode.OK);
        var otherAmount = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, walletId, txId, 100))).ProblemAsync(HttpStatusCode.Conflict);
        var otherCharge = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, otherWallet, otherTxId, 200))).ProblemAsync(HttpStatusCode.Conflict);

        repeat.GetProperty("status").GetString().Should().Be("duplicate");
        repeat.GetProperty("balance").GetInt64().Should().Be(600);
        otherAmount.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-conflict");
        otherCharge.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-conflict");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(600);
        (await fixture.WalletAsync(otherWallet)).GetProperty("balance").GetInt64().Should().Be(500);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_refund_id_on_two_wallets_give_money_back_once()
    {
        var (_, walletId, txId) = await SaleAsync(balance: 1_000, amount: 500);
        var (otherWallet, otherTxId) = await OtherSaleAsync();
        var refundId = TestApi.NewId("r");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => i % 2 == 0
            ? fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, walletId, txId, 500))
            : fixture.Organizer.PostAsJsonAsync(Path, Refund(refundId, otherWallet, otherTxId, 500))));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(5, "one wallet's five requests: one applied, four duplicates");
        answers.Count(a => a.StatusCode == HttpStatusCode.Conflict).Should().Be(5);
        var balances = new[] { await BalanceAsync(walletId), await BalanceAsync(otherWallet) };
        balances.Order().Should().Equal(500, 1_000);
    }

    [Fact]
    public async Task The_terminal_that_sold_refunds_its_own_sale_but_not_another_terminals()
    {
        var (seller, walletId, txId) = await SaleAsync(balance: 1_000, amount: 400);
        var other = await fixture.EnrollDeviceAsync();

        var own = await (await seller.Client.PostAsJsonAsync(seller.Refunds, Refund(TestApi.NewId("r"), walletId, txId, 400))).JsonAsync(HttpStatusCode.OK);
        var foreign = await (await other.Client.PostAsJsonAsync(other.Refunds, Refund(TestApi.NewId("r"), walletId, txId, 1))).ProblemAsync(HttpStatusCode.Forbidden);
        var asOrganizer = await seller.Client.PostAsJsonAsync(Path, Refund(TestApi.NewId("r"), walletId, txId, 1));
        var asAnotherDevice = await other.Client.PostAsJsonAsync(seller.Refunds, Refund(TestApi.NewId("r"), walletId, txId, 1));

        own.GetProperty("balance").GetInt64().Should().Be(1_000);
        foreign.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:other-device");
        asOrganizer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        asAnotherDevice.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().PostAsJsonAsync(Path, Refund("r", walletId, txId, 1))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await fixture.TopUp.PostAsJsonAsync(Path, Refund("r", walletId, txId, 1))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(1_000);
    }

    [Fact]
    public async Task Unknown_charges_declined_charges_and_bad_input_change_nothing()
    {
        var (device, walletId, txId) = await SaleAsync(balance: 100, amount: 50);
        var declined = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(2, walletId, 5_000, TestApi.UidOf(walletId)))).JsonAsync(HttpStatusCode.OK);
        declined.GetProperty("status").GetString().Should().Be("declined");

        var unknownCharge = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r-a", walletId, $"{device.DeviceId}:99", 1))).ProblemAsync(HttpStatusCode.NotFound);
        var declinedCharge = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r-b", walletId, $"{device.DeviceId}:2", 1))).ProblemAsync(HttpStatusCode.NotFound);
        var unknownWallet = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r-c", TestApi.NewId("w"), txId, 1))).ProblemAsync(HttpStatusCode.NotFound);
        var badTxId = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r-d", walletId, "no-seq", 1))).ProblemAsync(HttpStatusCode.BadRequest);
        var zero = await (await fixture.Organizer.PostAsJsonAsync(Path, Refund("r-e", walletId, txId, 0))).ProblemAsync(HttpStatusCode.BadRequest);
        var extra = await fixture.Organizer.PostRawAsync(Path, $$"""{"refundId":"r-f","walletId":"{{walletId}}","txId":"{{txId}}","amount":1,"balance":9}""");

        unknownCharge.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:charge-not-found");
        declinedCharge.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:charge-not-found");
        unknownWallet.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:wallet-not-found");
        badTxId.GetProperty("errors").TryGetProperty("txId", out _).Should().BeTrue();
        zero.GetProperty("errors").TryGetProperty("amount", out _).Should().BeTrue();
        extra.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await EntriesAsync(walletId)).Should().Equal(("topup", 100L), ("charge", -50L));
    }

    private static object Refund(string refundId, string walletId, string txId, long amount) => new { refundId, walletId, txId, amount };

    private async Task<(TestDevice Device, string WalletId, string TxId)> SaleAsync(long balance, long amount)
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance);
        var sale = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, amount, uid))).JsonAsync(HttpStatusCode.OK);
        sale.GetProperty("status").GetString().Should().Be("approved");
        return (device, walletId, sale.GetProperty("txId").GetString()!);
    }

    private async Task<(string WalletId, string TxId)> OtherSaleAsync()
    {
        var (_, walletId, txId) = await SaleAsync(balance: 1_000, amount: 500);
        return (walletId, txId);
    }

    private async Task<long> BalanceAsync(string walletId) => (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64();

    private async Task<(string Kind, long Amount)[]> EntriesAsync(string walletId)
    {
        var page = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after=0&limit=100")).JsonAsync(HttpStatusCode.OK);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("amount").GetInt64()))];
    }
}
