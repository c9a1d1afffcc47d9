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

    /// <summary>Each anomaly the default thresholds of Reports:Anomalies name, produced through the API and read back from the report.</summary>
    [Fact]
    public async Task Wrong_pins_an_offline_charge_far_above_the_stand_and_a_wallet_at_three_stands_in_a_minute_are_reported_as_anomalies()
    {
        var now = WireTime.Format(DateTimeOffset.UtcNow);
        var pinPad = await EnrollAtAsync(TestApi.NewId("stand"));
        for (var seq = 1; seq <= 10; seq++)
        {
            // One wrong PIN per wallet: five would lock the wallet's PIN payments, after which a PIN is no longer checked.
            var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);
            (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = "1234" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
            var payment = new { seq, walletId, amount = 100, credential = new { type = "pin", value = "9999" }, createdAt = now };
            var answer = await (await pinPad.Client.PostAsJsonAsync(pinPad.Payments, payment)).JsonAsync(HttpStatusCode.OK);
            answer.GetProperty("reason").GetString().Should().Be("badCredential");
        }

        var barStand = TestApi.NewId("stand");
        var bar = await EnrollAtAsync(barStand);
        var (buyer, wristband) = await fixture.NewWalletAsync(balance: 2000);
        for (var seq = 1; seq <= 20; seq++)
        {
            (await bar.Client.PostAsJsonAsync(bar.Payments, TestApi.Payment(seq, buyer, 100, wristband, now))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var offline = await bar.Client.PostAsJsonAsync(bar.Batches, new { transactions = new[] { TestApi.Offline(bar, 21, buyer, 499, createdAt: now), TestApi.Offline(bar, 22, buyer, 500, createdAt: now) } });
        (await offline.JsonAsync(HttpStatusCode.OK)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).Should().Equal("applied", "applied");

        var (roamer, roamerBand) = await fixture.NewWalletAsync(balance: 1000);
        foreach (var stand in new[] { "a", "b", "c" })
        {
            var terminal = await EnrollAtAsync(TestApi.NewId($"stand-{stand}"));
            (await terminal.Client.PostAsJsonAsync(terminal.Payments, TestApi.Payment(1, roamer, 100, roamerBand, now))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var report = await UntilAsync($"/api/v1/reports/anomalies?limit=1000", body =>
            Anomaly(body, "wrongPins", "deviceId", pinPad.DeviceId) is not null && Anomaly(body, "offlineAboveUsual", "deviceId", bar.DeviceId) is not null
            && Anomaly(body, "walletAtManyStands", "walletId", roamer) is not null);

        var pins = Anomaly(report, "wrongPins", "deviceId", pinPad.DeviceId)!.Value;
        pins.GetProperty("observed").GetInt64().Should().Be(10);
        pins.GetProperty("threshold").GetInt64().Should().Be(10);
        pins.GetProperty("windowSeconds").GetInt32().Should().Be(600);
        var aboveUsual = report.GetProperty("anomalies").EnumerateArray().Where(a => a.GetProperty("deviceId").GetString() == bar.DeviceId).Should().ContainSingle("499 is below 5 x 100").Subject;
        aboveUsual.GetProperty("kind").GetString().Should().Be("offlineAboveUsual");
        aboveUsual.GetProperty("standId").GetString().Should().Be(barStand);
        aboveUsual.GetProperty("walletId").GetString().Should().Be(buyer);
        aboveUsual.GetProperty("observed").GetInt64().Should().Be(500);
        aboveUsual.GetProperty("usual").GetInt64().Should().Be(100);
        aboveUsual.GetProperty("threshold").GetInt64().Should().Be(500);
        aboveUsual.GetProperty("at").GetString().Should().Be(now);
        var stands = Anomaly(report, "walletAtManyStands", "walletId", roamer)!.Value;
        stands.GetProperty("observed").GetInt64().Should().Be(3);
        stands.GetProperty("threshold").GetInt64().Should().Be(3);
        stands.GetProperty("windowSeconds").GetInt32().Should().Be(60);
        report.GetProperty("raised").GetInt64().Should().BeGreaterThanOrEqualTo(3);

        var onlyPins = await (await fixture.Organizer.GetAsync("/api/v1/reports/anomalies?kind=wrongPins")).JsonAsync(HttpStatusCode.OK);
        onlyPins.GetProperty("anomalies").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Should().NotBeEmpty().And.OnlyContain(kind => kind == "wrongPins");
    }

    [Theory]
    [InlineData("kind=everything", "kind")]
    [InlineData("kind=WrongPins", "kind")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    public async Task A_bad_anomalies_query_is_400_naming_the_field(string query, string field)
    {
        var response = await fixture.Organizer.GetAsync($"/api/v1/reports/anomalies?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().EndWith("validation");
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Fact]
    public async Task The_anomalies_are_for_organizers_only()
    {
        (await fixture.Anonymous().GetAsync("/api/v1/reports/anomalies")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await fixture.TopUp.GetAsync("/api/v1/reports/anomalies")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var device = await fixture.EnrollDeviceAsync();
        (await device.Client.GetAsync("/api/v1/reports/anomalies")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static JsonElement? Anomaly(JsonElement report, string kind, string subject, string id) =>
        report.GetProperty("anomalies").EnumerateArray()
            .Where(entry => entry.GetProperty("kind").GetString() == kind && entry.GetProperty(subject).GetString() == id).Cast<JsonElement?>().FirstOrDefault();

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
