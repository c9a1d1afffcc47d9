using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Wire;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>A sale's lines, online and offline: recorded with the charge and counted per item; lines that do not explain the amount change nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SaleLinesApiTests(GatewayFixture fixture)
{
    private static readonly object[] TwoBeersAndACup =
    [
        new { kind = "item", itemId = "beer", quantity = 2, unitPrice = 650 },
        new { kind = "deposit", itemId = "cup", quantity = 1, unitPrice = 200 },
    ];

    [Fact]
    public async Task Lines_sold_online_and_offline_are_counted_per_item_in_the_minute_of_the_sale()
    {
        var standId = TestApi.NewId("bar");
        var device = await fixture.EnrollDeviceAsync(standId: standId);
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 5_000);
        var soldAt = WireTime.Format(DateTimeOffset.UtcNow);

        var online = await device.Client.PostAsJsonAsync(device.Payments, new
        {
            seq = 1, walletId, amount = 1_500, credential = new { type = "nfc", value = uid }, createdAt = soldAt, lines = TwoBeersAndACup,
        });
        var offline = await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { WithLines(TestApi.Offline(device, 2, walletId, 950, createdAt: soldAt), new object[]
        {
            new { kind = "item", itemId = "beer", quantity = 1, unitPrice = 650 },
            new { kind = "item", itemId = "water", quantity = 1, unitPrice = 300 },
            new { kind = "deposit", itemId = "cup", quantity = -1, unitPrice = 200 },
            new { kind = "tip", itemId = (string?)null, quantity = 1, unitPrice = 200 },
        }) } });

        (await online.JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("approved");
        (await offline.JsonAsync(HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("status").GetString().Should().Be("applied");
        var from = WireTime.Format(DateTimeOffset.UtcNow.AddMinutes(-5));
        var to = WireTime.Format(DateTimeOffset.UtcNow.AddMinutes(5));
        var sales = await fixture.UntilReportAsync($"/api/v1/reports/sales?standId={standId}&from={from}&to={to}",
            body => body.GetProperty("minutes").EnumerateArray().Sum(minute => minute.GetProperty("count").GetInt64()) == 2);
        var items = sales.GetProperty("minutes")[0].GetProperty("items").EnumerateArray()
            .Select(item => (item.GetProperty("itemId").GetString(), item.GetProperty("quantity").GetInt64(), item.GetProperty("amount").GetInt64()));
        items.Should().Equal(("beer", 3L, 1_950L), ("water", 1L, 300L));
    }

    [Fact]
    public async Task Lines_that_do_not_add_up_to_the_amount_are_400_and_sell_nothing()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 5_000);

        var online = await device.Client.PostAsJsonAsync(device.Payments, new
        {
            seq = 1, walletId, amount = 1_400, credential = new { type = "nfc", value = uid }, createdAt = TestApi.CreatedAt, lines = TwoBeersAndACup,
        });
        var offline = await device.Client.PostAsJsonAsync(device.Batches, new
        {
            transactions = new[] { WithLines(TestApi.Offline(device, 2, walletId, 1_400), TwoBeersAndACup) },
        });
        var badKind = await device.Client.PostAsJsonAsync(device.Payments, new
        {
            seq = 3, walletId, amount = 100, credential = new { type = "nfc", value = uid }, createdAt = TestApi.CreatedAt,
            lines = new[] { new { kind = "voucher", itemId = "x", quantity = 1, unitPrice = 100 } },
        });

        (await online.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("lines")[0].GetString().Should().Contain("add up to 1500, not to the amount 1400");
        (await offline.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("transactions[0].lines", out _).Should().BeTrue();
        (await badKind.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("lines")[0].GetString().Should().Contain("'kind' must be");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(5_000);
        (await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("ackedThrough").GetInt64().Should().Be(0);
    }

    /// <summary>An offline transaction as <see cref="TestApi.Offline"/> signs it, with lines added: they are not part of the signed string.</summary>
    private static Dictionary<string, object?> WithLines(object transaction, object[] lines)
    {
        var fields = transaction.GetType().GetProperties().ToDictionary(property => property.Name, property => property.GetValue(transaction));
        fields["lines"] = lines;
        return fields;
    }
}
