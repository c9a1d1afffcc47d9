using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Wire;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>The rules API.md 1.1 adds, through HTTP as terminals and organizers see them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ApiOneOneTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Enrollment_answers_the_snapshot_key_and_the_offline_limit_default_or_given()
    {
        var byDefault = await Enroll(new { deviceId = TestApi.NewId("d"), standId = "bar-1" });
        var given = await Enroll(new { deviceId = TestApi.NewId("d"), standId = "bar-1", offlineMaxPerWallet = 0 });

        byDefault.GetProperty("offlineMaxPerWallet").GetInt64().Should().Be(5000);
        Convert.FromBase64String(byDefault.GetProperty("snapshotKey").GetString()!).Should().HaveCount(32);
        given.GetProperty("offlineMaxPerWallet").GetInt64().Should().Be(0);
        given.GetProperty("snapshotKey").GetString().Should().Be(byDefault.GetProperty("snapshotKey").GetString(), "one key for the festival");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100000001")]
    [InlineData("\"5000\"")]
    [InlineData("1.5")]
    public async Task An_offline_limit_out_of_range_is_400_and_enrolls_nothing(string limit)
    {
        var deviceId = TestApi.NewId("d");

        var response = await fixture.Organizer.PostRawAsync("/api/v1/devices", $$"""{"deviceId":"{{deviceId}}","standId":"bar-1","offlineMaxPerWallet":{{limit}}}""");

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Organizer.GetAsync($"/api/v1/devices/{deviceId}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Offline_refusals_carry_the_11_reasons_in_order_and_are_held_for_review()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        var batch = new
        {
            transactions = new[]
            {
                TestApi.Offline(device, 1, walletId, 10, "NOT-LINKED"),
                TestApi.Offline(device, 2, walletId, 100_000_000, uid),
                TestApi.Offline(device, 3, walletId, 10, "1234", type: "pin"),
                TestApi.Offline(device, 4, walletId, 10, uid, WireTime.Format(DateTimeOffset.UtcNow.AddMinutes(10))),
                TestApi.Offline(device, 5, walletId, 10, uid),
            },
        };

        var answer = await (await device.Client.PostAsJsonAsync(device.Batches, batch)).JsonAsync(HttpStatusCode.OK);

        Results(answer).Should().Equal(
            (1, "rejected", "badCredential"), (2, "rejected", "overLimit"), (3, "rejected", "badCredential"), (4, "rejected", "overLimit"), (5, "applied", null));
        answer.GetProperty("ackedThrough").GetInt64().Should().Be(5);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(90);
        var review = await ReviewOf(device.DeviceId);
        review.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("reason").GetString(), e.GetProperty("status").GetString())).Should().Equal(
            (1, "badCredential", "pending"), (2, "overLimit", "pending"), (3, "badCredential", "pending"), (4, "overLimit", "pending"));
        var first = review[0];
        first.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["position", "reviewId", "deviceId", "seq", "walletId", "amount", "createdAt", "reason", "status"]);
        first.GetProperty("reviewId").GetString().Should().Be($"{device.DeviceId}:1");
    }

    [Fact]
    public async Task Review_approve_applies_once_dismiss_leaves_the_wallet_and_wrong_transitions_are_409()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var refused = TestApi.Offline(device, 1, walletId, 30, "NOT-LINKED");
        var dismissed = TestApi.Offline(device, 2, walletId, 20, "NOT-LINKED");
        var forgedBody = JsonSerializer.Deserialize<Dictionary<string, object>>(JsonSerializer.Serialize(TestApi.Offline(device, 3, walletId, 10)))!;
        forgedBody["amount"] = 11;
        await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new object[] { refused, dismissed, forgedBody } });

        await Decide($"{device.DeviceId}:1", "approve", HttpStatusCode.NoContent);
        await Decide($"{device.DeviceId}:1", "approve", HttpStatusCode.NoContent);
        await Decide($"{device.DeviceId}:1", "dismiss", HttpStatusCode.Conflict);
        await Decide($"{device.DeviceId}:2", "dismiss", HttpStatusCode.NoContent);
        await Decide($"{device.DeviceId}:2", "approve", HttpStatusCode.Conflict);
        await Decide($"{device.DeviceId}:3", "approve", HttpStatusCode.Conflict);
        await Decide($"{device.DeviceId}:99", "approve", HttpStatusCode.NotFound);
        await Decide("no-seq", "approve", HttpStatusCode.NotFound);
        await Decide($"{device.DeviceId}:0", "dismiss", HttpStatusCode.NotFound);

        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(70);
        var again = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { refused, dismissed } })).JsonAsync(HttpStatusCode.OK);
        Results(again).Should().Equal((1, "duplicate", null), (2, "rejected", "badCredential"));
        (await ReviewOf(device.DeviceId)).Select(e => e.GetProperty("status").GetString()).Should().Equal("approved", "dismissed", "pending");
    }

    [Fact]
    public async Task Review_pages_are_bounded_and_bad_paging_is_400()
    {
        await (await fixture.Organizer.GetAsync("/api/v1/review?after=-1")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Organizer.GetAsync("/api/v1/review?limit=0")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Organizer.GetAsync("/api/v1/review?limit=501")).ProblemAsync(HttpStatusCode.BadRequest);
        var page = await (await fixture.Organizer.GetAsync("/api/v1/review?limit=1")).JsonAsync(HttpStatusCode.OK);
        page.GetProperty("entries").GetArrayLength().Should().BeLessThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_qr_token_pays_once_online_and_a_repeat_of_the_same_charge_is_not_a_second_use()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var token = (await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/qr-token", null)).JsonAsync(HttpStatusCode.OK)).GetProperty("token").GetString()!;
        object Qr(long seq) => new { seq, walletId, amount = 10, credential = new { type = "qr", value = token }, createdAt = TestApi.CreatedAt };

        var first = await (await device.Client.PostAsJsonAsync(device.Payments, Qr(1))).JsonAsync(HttpStatusCode.OK);
        var repeat = await (await device.Client.PostAsJsonAsync(device.Payments, Qr(1))).JsonAsync(HttpStatusCode.OK);
        var second = await (await device.Client.PostAsJsonAsync(device.Payments, Qr(2))).JsonAsync(HttpStatusCode.OK);

        first.GetProperty("status").GetString().Should().Be("approved");
        repeat.GetProperty("status").GetString().Should().Be("approved");
        second.GetProperty("status").GetString().Should().Be("declined");
        second.GetProperty("reason").GetString().Should().Be("badCredential");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(90);
    }

    [Fact]
    public async Task Pin_payments_beyond_the_devices_budget_are_429_with_retry_after_and_leave_the_seq_undecided()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = "1357" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        object Pin(long seq) => new { seq, walletId, amount = 1, credential = new { type = "pin", value = "1357" }, createdAt = TestApi.CreatedAt };
        for (var seq = 1; seq <= 20; seq++)
        {
            (await device.Client.PostAsJsonAsync(device.Payments, Pin(seq))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var refused = await device.Client.PostAsJsonAsync(device.Payments, Pin(21));

        (await refused.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().EndWith("pin-attempts-exceeded");
        refused.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        var view = await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);
        view.GetProperty("ackedThrough").GetInt64().Should().Be(20);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(980);
    }

    [Fact]
    public async Task A_seq_reused_with_another_credential_is_409_naming_the_field()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, uid))).StatusCode.Should().Be(HttpStatusCode.OK);

        var conflict = await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, "other-uid"));

        var problem = await conflict.ProblemAsync(HttpStatusCode.Conflict);
        problem.GetProperty("type").GetString().Should().EndWith("seq-conflict");
        problem.GetProperty("detail").GetString().Should().Contain("credential.value");
    }

    private async Task<JsonElement> Enroll(object body) =>
        await (await fixture.Organizer.PostAsJsonAsync("/api/v1/devices", body)).JsonAsync(HttpStatusCode.Created);

    private async Task Decide(string reviewId, string decision, HttpStatusCode expected)
    {
        var response = await fixture.Organizer.PostAsync($"/api/v1/review/{reviewId}/{decision}", null);
        if (expected == HttpStatusCode.NoContent)
        {
            response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        }
        else
        {
            await response.ProblemAsync(expected);
        }
    }

    private async Task<List<JsonElement>> ReviewOf(string deviceId)
    {
        var entries = new List<JsonElement>();
        for (long? after = 0; after is { } position;)
        {
            var page = await (await fixture.Organizer.GetAsync($"/api/v1/review?after={position}&limit=500")).JsonAsync(HttpStatusCode.OK);
            entries.AddRange(page.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("deviceId").GetString() == deviceId));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt64();
        }

        return entries;
    }

    private static (long, string?, string?)[] Results(JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("seq").GetInt64(), r.GetProperty("status").GetString(), r.GetProperty("reason").GetString()))];
}
