using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>A silo of its own with <c>CashOut:Fee</c> = 100, so its cash-out desk holds only these tests' requests.</summary>
public sealed class CashOutFestival : IAsyncLifetime
{
    public const long Fee = 100;

    private ConfiguredGateway _festival = null!;

    public TestSilo Silo => _festival.Silo;

    public GatewayFactory Gateway => _festival.Gateway;

    public HttpClient Organizer => _festival.Organizer;

    public HttpClient TopUp => _festival.TopUp;

    public async Task InitializeAsync() =>
        _festival = await ConfiguredGateway.StartAsync(new Dictionary<string, string?> { ["CashOut:Fee"] = Fee.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await _festival.DisposeAsync();
}

/// <summary>
/// Cash-out: requests, payout batches collected by the top-up provider as JSON or CSV, confirmations; every wallet
/// debited once by an entry of its own, and every refused request answered 4xx with nothing changed. Each test leaves
/// no request open, so the next one's batch holds only its own wallets.
/// </summary>
public sealed class CashOutApiTests(CashOutFestival festival) : IClassFixture<CashOutFestival>
{
    private const string Batches = "/api/v1/payouts/batches";
    private static readonly object Holder = new { name = "Ana Lopez", email = "ana@example.org", iban = "DE89 3704 0044 0532 0130 00" };

    private HttpClient Organizer => festival.Organizer;

    private HttpClient TopUp => festival.TopUp;

    [Fact]
    public async Task A_wallet_is_paid_its_balance_less_the_fee_once_and_the_provider_collects_and_confirms_it()
    {
        var walletId = await RequestedWalletAsync(balance: 1_000);
        var repeat = await (await Organizer.PostAsync(CashOut(walletId), null)).JsonAsync(HttpStatusCode.OK);
        var batchId = TestApi.NewId("batch");

        var batch = await (await Organizer.PostAsJsonAsync(Batches, new { batchId })).JsonAsync(HttpStatusCode.OK);
        var sameBatch = await (await Organizer.PostAsJsonAsync(Batches, new { batchId })).JsonAsync(HttpStatusCode.OK);

        repeat.GetProperty("status").GetString().Should().Be("duplicate");
        var payout = batch.GetProperty("payouts").EnumerateArray().Single();
        var payoutId = payout.GetProperty("payoutId").GetString()!;
        payoutId.Should().Be($"{batchId}:{walletId}");
        (payout.GetProperty("amount").GetInt64(), payout.GetProperty("fee").GetInt64(), payout.GetProperty("status").GetString()).Should().Be((900L, CashOutFestival.Fee, "pending"));
        payout.GetProperty("iban").ValueKind.Should().Be(JsonValueKind.Null, "the organizer's answer carries no personal data");
        sameBatch.ToString().Should().Be(batch.ToString(), "a repeat of the batch answers the same batch");
        (await WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(0);
        var entries = (await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions")).JsonAsync(HttpStatusCode.OK)).GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64(), e.GetProperty("txId").GetString()))
            .Should().Equal(("topup", 1_000L, entries[0].GetProperty("txId").GetString()), ("adjustment", -1_000L, payoutId));

        var again = await (await Organizer.PostAsync(CashOut(walletId), null)).ProblemAsync(HttpStatusCode.Conflict);
        var empty = await (await Organizer.PostAsJsonAsync(Batches, new { batchId = TestApi.NewId("batch") })).ProblemAsync(HttpStatusCode.Conflict);
        again.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:cash-out-already-paid");
        empty.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:payout-batch-empty", "a wallet paid out once is in no later batch");
        (await WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(0, "the balance is debited once");

        var collected = await TopUp.GetAsync($"{Batches}/{batchId}");
        collected.Headers.CacheControl!.NoStore.Should().BeTrue();
        var line = (await collected.JsonAsync(HttpStatusCode.OK)).GetProperty("payouts").EnumerateArray().Single();
        (line.GetProperty("iban").GetString(), line.GetProperty("email").GetString(), line.GetProperty("name").GetString())
            .Should().Be(("DE89370400440532013000", "ana@example.org", "Ana Lopez"));

        (await TopUp.PostAsync($"/api/v1/payouts/{payoutId}/confirm", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await TopUp.PostAsync($"/api/v1/payouts/{payoutId}/confirm", null)).StatusCode.Should().Be(HttpStatusCode.NoContent, "confirming is idempotent");
        var confirmed = (await (await TopUp.GetAsync($"{Batches}/{batchId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts")[0];
        confirmed.GetProperty("status").GetString().Should().Be("confirmed");
        var export = await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
        export.GetProperty("cashOut").GetProperty("payoutId").GetString().Should().Be(payoutId);
        export.GetProperty("cashOut").GetProperty("amount").GetInt64().Should().Be(900);
        export.GetProperty("cashOut").GetProperty("confirmedAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task The_provider_collects_a_batch_as_csv_by_accept_header_or_query()
    {
        var walletId = await RequestedWalletAsync(balance: 600);
        var batchId = TestApi.NewId("batch");
        (await Organizer.PostAsJsonAsync(Batches, new { batchId })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var byHeader = new HttpRequestMessage(HttpMethod.Get, $"{Batches}/{batchId}");
        byHeader.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var headerAnswer = await TopUp.SendAsync(byHeader);
        var queryAnswer = await TopUp.GetAsync($"{Batches}/{batchId}?format=csv");

        headerAnswer.StatusCode.Should().Be(HttpStatusCode.OK);
        headerAnswer.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        headerAnswer.Headers.CacheControl!.NoStore.Should().BeTrue();
        var csv = await headerAnswer.Content.ReadAsStringAsync();
        csv.Should().Be(await queryAnswer.Content.ReadAsStringAsync());
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "payoutId,walletId,amount,fee,status,reason,name,iban,email",
            $"{batchId}:{walletId},{walletId},500,100,pending,,Ana Lopez,DE89370400440532013000,ana@example.org");
        (await TopUp.GetAsync($"{Batches}/{batchId}?format=xml")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Batches_made_at_once_pay_each_wallet_once()
    {
        var wallets = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            wallets.Add(await RequestedWalletAsync(balance: 500 + (i * 100)));
        }

        var shared = TestApi.NewId("batch");
        var answers = await Task.WhenAll(new[] { shared, TestApi.NewId("batch"), shared, TestApi.NewId("batch"), TestApi.NewId("batch") }
            .Select(batchId => Organizer.PostAsJsonAsync(Batches, new { batchId })));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        var paid = new List<string>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.OK))
        {
            var batch = await answer.JsonAsync(HttpStatusCode.OK);
            paid.AddRange(batch.GetProperty("payouts").EnumerateArray().Select(p => p.GetProperty("payoutId").GetString()!));
        }

        paid.Distinct().Select(id => id[(id.IndexOf(':') + 1)..]).Should().BeEquivalentTo(wallets, "each wallet is paid by one payout");
        foreach (var walletId in wallets)
        {
            (await WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(0);
            var history = await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions")).JsonAsync(HttpStatusCode.OK);
            history.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "adjustment").Should().Be(1);
        }
    }

    [Fact]
    public async Task A_wallet_blocked_at_batch_time_is_skipped_and_paid_by_a_later_batch()
    {
        var walletId = await RequestedWalletAsync(balance: 700);
        (await Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var first = TestApi.NewId("batch");

        var skipped = (await (await Organizer.PostAsJsonAsync(Batches, new { batchId = first })).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts")[0];
        var confirm = await (await TopUp.PostAsync($"/api/v1/payouts/{first}:{walletId}/confirm", null)).ProblemAsync(HttpStatusCode.Conflict);
        (await WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(700, "a skipped wallet is not debited");
        (await Organizer.PostAsync($"/api/v1/wallets/{walletId}/unblock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var later = (await (await Organizer.PostAsJsonAsync(Batches, new { batchId = TestApi.NewId("batch") })).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts")[0];

        (skipped.GetProperty("status").GetString(), skipped.GetProperty("reason").GetString(), skipped.GetProperty("amount").GetInt64()).Should().Be(("skipped", "walletBlocked", 0L));
        confirm.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:payout-skipped");
        (later.GetProperty("walletId").GetString(), later.GetProperty("amount").GetInt64(), later.GetProperty("status").GetString()).Should().Be((walletId, 600L, "pending"));
    }

    [Fact]
    public async Task Refused_requests_are_4xx_and_record_nothing()
    {
        var (noHolder, _) = await TestApi.NewWalletAsync(Organizer, TopUp, balance: 1_000);
        var (feeAboveBalance, _) = await TestApi.NewWalletAsync(Organizer, TopUp, balance: CashOutFestival.Fee);
        (await Organizer.PutAsJsonAsync($"/api/v1/wallets/{feeAboveBalance}/holder", Holder)).StatusCode.Should().Be(HttpStatusCode.OK);
        var (nameOnly, _) = await TestApi.NewWalletAsync(Organizer, TopUp, balance: 1_000);
        (await Organizer.PutAsJsonAsync($"/api/v1/wallets/{nameOnly}/holder", new { name = "Ana" })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await ProblemTypeAsync(CashOut(noHolder), HttpStatusCode.Conflict)).Should().Be("cash-out-no-destination");
        (await ProblemTypeAsync(CashOut(nameOnly), HttpStatusCode.Conflict)).Should().Be("cash-out-no-destination");
        (await ProblemTypeAsync(CashOut(feeAboveBalance), HttpStatusCode.Conflict)).Should().Be("cash-out-balance-too-low");
        (await ProblemTypeAsync(CashOut(TestApi.NewId("w-absent")), HttpStatusCode.NotFound)).Should().Be("wallet-not-found");
        (await ProblemTypeAsync("/api/v1/wallets/bad%20id/cash-out", HttpStatusCode.BadRequest)).Should().Be("validation");
        (await ProblemTypeAsync(Batches, HttpStatusCode.BadRequest, new { batchId = "has space" })).Should().Be("validation");
        (await (await TopUp.GetAsync($"{Batches}/{TestApi.NewId("batch-absent")}")).ProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:payout-batch-not-found");
        (await (await TopUp.PostAsync($"/api/v1/payouts/{TestApi.NewId("b")}:w-1/confirm", null)).ProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:payout-not-found");
        (await TopUp.PostAsync("/api/v1/payouts/no-colon/confirm", null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        foreach (var walletId in new[] { noHolder, feeAboveBalance, nameOnly })
        {
            var export = await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
            export.GetProperty("cashOut").ValueKind.Should().Be(JsonValueKind.Null, $"the refused request for {walletId} recorded nothing");
            export.GetProperty("wallet").GetProperty("version").GetInt64().Should().Be(3, "created, wristband linked, topped up: nothing more");
        }

        (await Organizer.PostAsJsonAsync(Batches, new { batchId = TestApi.NewId("batch") })).StatusCode.Should().Be(HttpStatusCode.Conflict, "no request is open");
    }

    [Fact]
    public async Task Roles_are_enforced_and_the_erasure_waits_for_the_confirmation()
    {
        var device = await TestApi.EnrollDeviceAsync(Organizer, festival.Gateway);
        var walletId = await RequestedWalletAsync(balance: 300);
        var batchId = TestApi.NewId("batch");

        (await TopUp.PostAsync(CashOut(walletId), null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await device.Client.PostAsync(CashOut(walletId), null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await TopUp.PostAsJsonAsync(Batches, new { batchId })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemTypeAsync($"/api/v1/wallets/{walletId}/holder", HttpStatusCode.Conflict, method: HttpMethod.Delete)).Should().Be("cash-out-pending");
        (await Organizer.PostAsJsonAsync(Batches, new { batchId })).StatusCode.Should().Be(HttpStatusCode.OK, "the refused calls made no batch");
        (await Organizer.GetAsync($"{Batches}/{batchId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "IBANs are opened for the provider only");
        (await device.Client.GetAsync($"{Batches}/{batchId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Organizer.PostAsync($"/api/v1/payouts/{batchId}:{walletId}/confirm", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ProblemTypeAsync($"/api/v1/wallets/{walletId}/holder", HttpStatusCode.Conflict, method: HttpMethod.Delete)).Should().Be("cash-out-pending");
        (await ProblemTypeAsync($"/api/v1/wallets/{walletId}/holder", HttpStatusCode.Conflict, new { name = "Ana Lopez" }, HttpMethod.Put)).Should().Be("cash-out-pending",
            "a pending payout keeps somewhere to go");
        (await Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/holder", new { iban = "GB82 WEST 1234 5698 7654 32" })).StatusCode.Should().Be(HttpStatusCode.OK,
            "it may change where it goes");
        var moved = (await (await TopUp.GetAsync($"{Batches}/{batchId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts")[0];
        moved.GetProperty("iban").GetString().Should().Be("GB82WEST12345698765432");

        (await TopUp.PostAsync($"/api/v1/payouts/{batchId}:{walletId}/confirm", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Organizer.DeleteAsync($"/api/v1/wallets/{walletId}/holder")).StatusCode.Should().Be(HttpStatusCode.OK);
        var line = (await (await TopUp.GetAsync($"{Batches}/{batchId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts")[0];
        line.GetProperty("iban").ValueKind.Should().Be(JsonValueKind.Null, "the erased data is gone from the batch too");
        line.GetProperty("amount").GetInt64().Should().Be(200, "the payout's figures stay");
    }

    [Fact]
    public async Task A_request_is_withdrawn_until_a_batch_pays_it_and_may_be_made_again()
    {
        var walletId = await RequestedWalletAsync(balance: 1_000);

        (await Organizer.DeleteAsync(CashOut(walletId))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await ProblemTypeAsync(CashOut(walletId), HttpStatusCode.NotFound, method: HttpMethod.Delete)).Should().Be("cash-out-not-requested");
        var export = await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
        export.GetProperty("cashOut").ValueKind.Should().Be(JsonValueKind.Null);
        (await ProblemTypeAsync(Batches, HttpStatusCode.Conflict, new { batchId = TestApi.NewId("batch") })).Should().Be("payout-batch-empty", "no batch pays a withdrawn request");
        (await WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(1_000);

        var again = await (await Organizer.PostAsync(CashOut(walletId), null)).JsonAsync(HttpStatusCode.OK);
        again.GetProperty("status").GetString().Should().Be("requested");
        var batchId = TestApi.NewId("batch");
        var payout = (await (await Organizer.PostAsJsonAsync(Batches, new { batchId })).JsonAsync(HttpStatusCode.OK)).GetProperty("payouts").EnumerateArray().Single();
        (payout.GetProperty("walletId").GetString(), payout.GetProperty("amount").GetInt64()).Should().Be((walletId, 900L));
        (await ProblemTypeAsync(CashOut(walletId), HttpStatusCode.Conflict, method: HttpMethod.Delete)).Should().Be("cash-out-already-paid");
        (await ProblemTypeAsync(CashOut(TestApi.NewId("w-absent")), HttpStatusCode.NotFound, method: HttpMethod.Delete)).Should().Be("wallet-not-found");
        (await ProblemTypeAsync("/api/v1/wallets/bad%20id/cash-out", HttpStatusCode.BadRequest, method: HttpMethod.Delete)).Should().Be("validation");
        (await TopUp.DeleteAsync(CashOut(walletId))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_holder_data_may_be_erased_once_the_request_is_withdrawn()
    {
        var walletId = await RequestedWalletAsync(balance: 400);
        (await ProblemTypeAsync($"/api/v1/wallets/{walletId}/holder", HttpStatusCode.Conflict, method: HttpMethod.Delete)).Should().Be("cash-out-pending");

        (await Organizer.DeleteAsync(CashOut(walletId))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Organizer.DeleteAsync($"/api/v1/wallets/{walletId}/holder")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Withdrawals_racing_payout_batches_end_paid_or_withdrawn_never_both()
    {
        for (var round = 0; round < 3; round++)
        {
            var wallets = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                wallets.Add(await RequestedWalletAsync(balance: 800));
            }

            // Sent at once, interleaved: some withdrawals reach the desk before a batch, some after.
            var batches = new List<Task<HttpResponseMessage>> { Organizer.PostAsJsonAsync(Batches, new { batchId = TestApi.NewId("batch") }) };
            var withdrawals = new List<Task<HttpResponseMessage>>();
            foreach (var walletId in wallets)
            {
                withdrawals.Add(Organizer.DeleteAsync(CashOut(walletId)));
                if (withdrawals.Count == 2)
                {
                    batches.Add(Organizer.PostAsJsonAsync(Batches, new { batchId = TestApi.NewId("batch") }));
                }
            }

            await Task.WhenAll(batches.Concat(withdrawals));

            var paid = new List<string>();
            foreach (var batch in await Task.WhenAll(batches))
            {
                if (batch.StatusCode == HttpStatusCode.OK)
                {
                    paid.AddRange((await batch.JsonAsync(HttpStatusCode.OK)).GetProperty("payouts").EnumerateArray()
                        .Where(p => p.GetProperty("status").GetString() == "pending").Select(p => p.GetProperty("walletId").GetString()!));
                }
                else
                {
                    (await batch.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:payout-batch-empty");
                }
            }

            paid.Should().OnlyHaveUniqueItems("a wallet is paid by one payout");
            for (var i = 0; i < wallets.Count; i++)
            {
                var withdrawal = await withdrawals[i];
                var balance = (await WalletAsync(wallets[i])).GetProperty("balance").GetInt64();
                if (paid.Contains(wallets[i]))
                {
                    (await withdrawal.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString()
                        .Should().BeOneOf("urn:festivalpos:problem:cash-out-already-paid", "urn:festivalpos:problem:cash-out-in-batch");
                    balance.Should().Be(0);
                }
                else
                {
                    withdrawal.StatusCode.Should().Be(HttpStatusCode.NoContent, $"wallet {wallets[i]} was not paid, so its request was withdrawn");
                    balance.Should().Be(800);
                }
            }
        }

        (await ProblemTypeAsync(Batches, HttpStatusCode.Conflict, new { batchId = TestApi.NewId("batch") })).Should().Be("payout-batch-empty", "every wallet was paid or withdrawn");
    }

    /// <summary>A wallet with the balance, holder data with an IBAN and email, and a recorded cash-out request.</summary>
    private async Task<string> RequestedWalletAsync(long balance)
    {
        var (walletId, _) = await TestApi.NewWalletAsync(Organizer, TopUp, balance);
        (await Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/holder", Holder)).StatusCode.Should().Be(HttpStatusCode.OK);
        var requested = await (await Organizer.PostAsync(CashOut(walletId), null)).JsonAsync(HttpStatusCode.OK);
        requested.GetProperty("status").GetString().Should().Be("requested");
        requested.GetProperty("balance").GetInt64().Should().Be(balance);
        requested.GetProperty("fee").GetInt64().Should().Be(CashOutFestival.Fee);
        return walletId;
    }

    private async Task<string> ProblemTypeAsync(string path, HttpStatusCode status, object? body = null, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        var problem = await (await Organizer.SendAsync(request)).ProblemAsync(status);
        return problem.GetProperty("type").GetString()!["urn:festivalpos:problem:".Length..];
    }

    private async Task<JsonElement> WalletAsync(string walletId) =>
        await (await Organizer.GetAsync($"/api/v1/wallets/{walletId}")).JsonAsync(HttpStatusCode.OK);

    private static string CashOut(string walletId) => $"/api/v1/wallets/{walletId}/cash-out";
}
