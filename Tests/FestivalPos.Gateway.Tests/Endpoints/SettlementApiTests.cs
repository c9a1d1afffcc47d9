using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Wire;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>Settlement over the gateway: its figures reconcile with the ledger's own entries, as JSON and as CSV.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SettlementApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Stand_totals_reconcile_exactly_with_the_charges_and_refunds_in_the_wallets_histories()
    {
        var (bar, food) = (TestApi.NewId("bar"), TestApi.NewId("food"));
        await DefineAsync(bar, "v-drinks", ("beer", 650, 21m));
        await DefineAsync(food, "v-food", ("fries", 450, 9m));
        var barTill = await fixture.EnrollDeviceAsync(standId: bar);
        var foodTill = await fixture.EnrollDeviceAsync(standId: food);
        var wallets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (walletId, uid) = await fixture.NewWalletAsync(balance: 10_000);
            wallets.Add(walletId);
            await SellAsync(barTill, i * 2 + 1, walletId, uid, 1_500, Item("beer", 2, 650), Line("deposit", "cup", 1, 200));
            await SellAsync(foodTill, i + 1, walletId, uid, 450, Item("fries", 1, 450));
            await SellAsync(barTill, i * 2 + 2, walletId, uid, 700);
        }

        var offline = await foodTill.Client.PostAsJsonAsync(foodTill.Batches, new { transactions = new[] { TestApi.Offline(foodTill, 10, wallets[0], 900) } });
        (await offline.JsonAsync(HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("status").GetString().Should().Be("applied");
        (await fixture.Organizer.PostAsJsonAsync("/api/v1/refunds", new { refundId = TestApi.NewId("r"), walletId = wallets[1], txId = $"{barTill.DeviceId}:3", amount = 650 }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var ledger = await LedgerChargesByDeviceAsync(wallets);
        var settlement = await fixture.UntilReportAsync("/api/v1/reports/settlement?by=stand",
            body => Row(body, bar) is { } b && Row(body, food) is { } f && b.GetProperty("charges").GetInt64() == 6 && f.GetProperty("charges").GetInt64() == 4
                && b.GetProperty("refunds").GetInt64() == 650);
        var barRow = Row(settlement, bar)!.Value;
        var foodRow = Row(settlement, food)!.Value;

        barRow.GetProperty("grossSales").GetInt64().Should().Be(ledger[barTill.DeviceId]);
        foodRow.GetProperty("grossSales").GetInt64().Should().Be(ledger[foodTill.DeviceId]);
        barRow.GetProperty("netSales").GetInt64().Should().Be(ledger[barTill.DeviceId] - 650);
        (barRow.GetProperty("itemSales").GetInt64(), barRow.GetProperty("deposits").GetInt64(), barRow.GetProperty("unitemized").GetInt64()).Should().Be((3_900L, 600L, 2_100L));
        Vat(barRow).Should().Equal((21m, 3_900L, 677L));
        Vat(foodRow).Should().Equal((9m, 1_350L, 111L));
        foodRow.GetProperty("offlineSales").GetInt64().Should().Be(900);
        foodRow.GetProperty("offlineShare").GetDecimal().Should().Be(0.4m);
    }

    [Fact]
    public async Task An_offline_sale_approved_from_the_review_queue_settles_by_its_lines()
    {
        var bar = TestApi.NewId("bar");
        await DefineAsync(bar, "v-drinks", ("beer", 650, 21m));
        var till = await fixture.EnrollDeviceAsync(standId: bar);
        var (walletId, _) = await fixture.NewWalletAsync(balance: 10_000);
        // 6 200 is over the default offline limit per wallet (5 000): refused and held for review.
        var sale = OfflineWithLines(till, 1, walletId, 6_200, Item("beer", 8, 650), Line("deposit", "cup", 4, 200), Line("tip", null, 1, 200));
        var batch = await (await till.Client.PostAsJsonAsync(till.Batches, new { transactions = new[] { sale } })).JsonAsync(HttpStatusCode.OK);
        batch.GetProperty("results")[0].GetProperty("reason").GetString().Should().Be("overLimit");
        await fixture.UntilReportAsync("/api/v1/reports/settlement?by=stand", body => Row(body, bar) is { } row && row.GetProperty("reviewOpenAmount").GetInt64() == 6_200);

        (await fixture.Organizer.PostAsync($"/api/v1/review/{till.DeviceId}:1/approve", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var settlement = await fixture.UntilReportAsync("/api/v1/reports/settlement?by=stand",
            body => Row(body, bar) is { } row && row.GetProperty("charges").GetInt64() == 1 && row.GetProperty("reviewOpenAmount").GetInt64() == 0);
        var barRow = Row(settlement, bar)!.Value;
        (barRow.GetProperty("grossSales").GetInt64(), barRow.GetProperty("itemSales").GetInt64(), barRow.GetProperty("deposits").GetInt64(),
            barRow.GetProperty("tips").GetInt64(), barRow.GetProperty("unitemized").GetInt64()).Should().Be((6_200L, 5_200L, 800L, 200L, 0L));
        Vat(barRow).Should().Equal((21m, 5_200L, 902L));
        barRow.GetProperty("offlineSales").GetInt64().Should().Be(6_200);
        var held = await ReviewEntryAsync($"{till.DeviceId}:1");
        held.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["position", "reviewId", "deviceId", "seq", "walletId", "amount", "createdAt", "reason", "status"]);
        held.GetProperty("status").GetString().Should().Be("approved");
    }

    [Fact]
    public async Task The_csv_has_the_same_figures_one_row_per_stand_and_a_total()
    {
        var bar = TestApi.NewId("bar");
        await DefineAsync(bar, "v-drinks", ("beer", 650, 21m));
        var till = await fixture.EnrollDeviceAsync(standId: bar);
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 5_000);
        await SellAsync(till, 1, walletId, uid, 1_300, Item("beer", 2, 650));
        var json = await fixture.UntilReportAsync("/api/v1/reports/settlement?by=stand", body => Row(body, bar) is not null);

        var response = await fixture.Organizer.GetAsync("/api/v1/reports/settlement.csv?by=stand");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        header[..4].Should().Equal("stand", "day", "charges", "grossSales");
        var ours = lines.Single(line => line.StartsWith($"\"{bar}\",", StringComparison.Ordinal)).Split(',');
        ours[header.ToList().IndexOf("grossSales")].Should().Be("1300");
        ours[header.ToList().IndexOf("vat21")].Should().Be("226");
        lines[^1].Should().StartWith("\"total\",festival,");
        json.GetProperty("totals").GetProperty("grossSales").GetInt64().Should().BeGreaterThanOrEqualTo(1_300);
    }

    [Theory]
    [InlineData("", "by")]
    [InlineData("by=vendors", "by")]
    [InlineData("by=stand&day=18-07-2026", "day")]
    [InlineData("by=stand&day=2026-02-30", "day")]
    public async Task A_bad_query_is_400_naming_the_field(string query, string field)
    {
        foreach (var path in new[] { "/api/v1/reports/settlement", "/api/v1/reports/settlement.csv" })
        {
            var problem = await (await fixture.Organizer.GetAsync($"{path}?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        }

        (await fixture.TopUp.GetAsync("/api/v1/reports/settlement?by=stand")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task DefineAsync(string standId, string vendorId, params (string ItemId, long Price, decimal VatRate)[] items)
    {
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}", new { name = standId, vendorId })).StatusCode.Should().Be(HttpStatusCode.OK);
        foreach (var (itemId, price, vatRate) in items)
        {
            (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}/items/{itemId}", new { name = itemId, price, vatRate, category = "menu" }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    private static object Item(string itemId, int quantity, long unitPrice) => Line("item", itemId, quantity, unitPrice);

    private static object Line(string kind, string? itemId, int quantity, long unitPrice) => new { kind, itemId, quantity, unitPrice };

    /// <summary>An offline sale as <see cref="TestApi.Offline"/> signs it, with its lines (not in the signed string).</summary>
    private static object OfflineWithLines(TestDevice till, long seq, string walletId, long amount, params object[] lines)
    {
        var signed = JsonSerializer.SerializeToNode(TestApi.Offline(till, seq, walletId, amount))!.AsObject();
        signed["lines"] = JsonSerializer.SerializeToNode(lines);
        return signed;
    }

    private async Task<JsonElement> ReviewEntryAsync(string reviewId)
    {
        for (long? after = 0; after is { } position;)
        {
            var page = await (await fixture.Organizer.GetAsync($"/api/v1/review?after={position}&limit=500")).JsonAsync(HttpStatusCode.OK);
            if (page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("reviewId").GetString() == reviewId).ToList() is [var entry])
            {
                return entry;
            }

            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
        }

        throw new InvalidOperationException($"{reviewId} is not in the review queue.");
    }

    private static async Task SellAsync(TestDevice till, long seq, string walletId, string uid, long amount, params object[] lines)
    {
        var sale = lines.Length == 0
            ? TestApi.Payment(seq, walletId, amount, uid)
            : new { seq, walletId, amount, credential = new { type = "nfc", value = uid }, createdAt = TestApi.CreatedAt, lines };
        var answer = await (await till.Client.PostAsJsonAsync(till.Payments, sale)).JsonAsync(HttpStatusCode.OK);
        answer.GetProperty("status").GetString().Should().Be("approved");
    }

    /// <summary>The ledger's own sums: every charge entry in the wallets' histories, by the device of its txId.</summary>
    private async Task<Dictionary<string, long>> LedgerChargesByDeviceAsync(IEnumerable<string> wallets)
    {
        var byDevice = new Dictionary<string, long>();
        foreach (var walletId in wallets)
        {
            var page = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after=0&limit=500")).JsonAsync(HttpStatusCode.OK);
            foreach (var entry in page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "charge"))
            {
                TxId.TryParse(entry.GetProperty("txId").GetString(), out var deviceId, out _).Should().BeTrue();
                byDevice[deviceId] = byDevice.GetValueOrDefault(deviceId) - entry.GetProperty("amount").GetInt64();
            }
        }

        return byDevice;
    }

    private static JsonElement? Row(JsonElement settlement, string key) =>
        settlement.GetProperty("rows").EnumerateArray().Where(row => row.GetProperty("key").GetString() == key).Cast<JsonElement?>().FirstOrDefault();

    private static IEnumerable<(decimal Rate, long Gross, long Vat)> Vat(JsonElement row) =>
        row.GetProperty("vat").EnumerateArray().Select(v => (v.GetProperty("rate").GetDecimal(), v.GetProperty("gross").GetInt64(), v.GetProperty("vat").GetInt64()));
}
