using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Wire;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>The organizer's reports over the gateway, fed by the silo's feed pump from the sales made here.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ReportsApiTests(GatewayFixture fixture)
{
    private const int MaxPolls = 400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Sales_exposure_and_devices_show_the_sales_of_a_stand_once_the_pump_has_published_them()
    {
        var standId = TestApi.NewId("stand");
        var device = await EnrollAtAsync(standId);
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);
        var soldAt = DateTimeOffset.UtcNow;
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 400, uid, WireTime.Format(soldAt)))).StatusCode.Should().Be(HttpStatusCode.OK);
        var batch = await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 3, walletId, 900, createdAt: WireTime.Format(soldAt)) } });
        (await batch.JsonAsync(HttpStatusCode.OK)).GetProperty("results")[0].GetProperty("status").GetString().Should().Be("applied");
        var from = WireTime.Format(soldAt.AddMinutes(-5));
        var to = WireTime.Format(soldAt.AddMinutes(5));

        // Each projection applies the feed on its own: wait for each to pass the position where the sales report saw both sales.
        var sales = await UntilAsync($"/api/v1/reports/sales?standId={standId}&from={from}&to={to}",
            body => body.GetProperty("minutes").EnumerateArray().Sum(minute => minute.GetProperty("count").GetInt64()) == 2);
        var through = sales.GetProperty("throughPosition").GetInt64();
        var terminal = Terminal(await UntilAsync("/api/v1/reports/devices", body => body.GetProperty("throughPosition").GetInt64() >= through), device.DeviceId)!.Value;
        var exposure = await UntilAsync("/api/v1/reports/exposure", body => body.GetProperty("throughPosition").GetInt64() >= through);

        sales.GetProperty("standId").GetString().Should().Be(standId);
        var minute = sales.GetProperty("minutes").EnumerateArray().Should().ContainSingle().Subject;
        minute.GetProperty("minute").GetString().Should().Be(WireTime.Format(soldAt.AddTicks(-(soldAt.Ticks % TimeSpan.TicksPerMinute))));
        minute.GetProperty("count").GetInt64().Should().Be(2);
        minute.GetProperty("amount").GetInt64().Should().Be(1300);
        terminal.GetProperty("highestSeq").GetInt64().Should().Be(3);
        terminal.GetProperty("standId").GetString().Should().Be(standId);
        terminal.GetProperty("status").GetString().Should().Be("active");
        terminal.GetProperty("ackedThrough").GetInt64().Should().Be(1);
        terminal.GetProperty("gaps").GetInt64().Should().Be(1, "seq 2 was never sent");
        terminal.GetProperty("offlineCharges").GetInt64().Should().Be(1);
        exposure.GetProperty("overdrawnWallets").GetInt64().Should().BePositive("the offline sale took the wallet to -300");
        exposure.GetProperty("overdrawnAmount").GetInt64().Should().BeGreaterThanOrEqualTo(300);
    }

    [Theory]
    [InlineData("from=2026-07-18T21:00:00Z&to=2026-07-18T22:00:00Z", "standId")]
    [InlineData("standId=bad%20id&from=2026-07-18T21:00:00Z&to=2026-07-18T22:00:00Z", "standId")]
    [InlineData("standId=bar-1&from=yesterday&to=2026-07-18T22:00:00Z", "from")]
    [InlineData("standId=bar-1&from=2026-07-18T21:00:00Z", "to")]
    [InlineData("standId=bar-1&from=2026-07-18T22:00:00Z&to=2026-07-18T21:00:00Z", "to")]
    [InlineData("standId=bar-1&from=2026-07-18T21:00:00Z&to=2026-07-19T21:00:01Z", "to")]
    public async Task A_bad_sales_query_is_400_naming_the_field(string query, string field)
    {
        var response = await fixture.Organizer.GetAsync($"/api/v1/reports/sales?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().EndWith("validation");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    private async Task<TestDevice> EnrollAtAsync(string standId)
    {
        var deviceId = TestApi.NewId("d");
        var response = await fixture.Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId, standId });
        var body = await response.JsonAsync(HttpStatusCode.Created);
        var client = await GatewayFixture.SignedInAsync(fixture.Gateway, body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!);
        return new TestDevice(deviceId, body.GetProperty("clientId").GetString()!, body.GetProperty("clientSecret").GetString()!,
            Convert.FromBase64String(body.GetProperty("signingKey").GetString()!), client, Convert.FromBase64String(body.GetProperty("snapshotKey").GetString()!));
    }

    private static JsonElement? Terminal(JsonElement report, string deviceId) =>
        report.GetProperty("devices").EnumerateArray().Where(entry => entry.GetProperty("deviceId").GetString() == deviceId).Cast<JsonElement?>().FirstOrDefault();

    /// <summary>Asks again until the report shows what the pump publishes a moment after the sale; a bounded number of polls, no time limit asserted.</summary>
    private async Task<JsonElement> UntilAsync(string path, Func<JsonElement, bool> shows)
    {
        for (var poll = 0; ; poll++)
        {
            var body = await (await fixture.Organizer.GetAsync(path)).JsonAsync(HttpStatusCode.OK);
            if (shows(body) || poll == MaxPolls)
            {
                shows(body).Should().BeTrue($"{path} shows the sales after {MaxPolls} polls: {body}");
                return body;
            }

            await Task.Delay(PollInterval);
        }
    }
}
