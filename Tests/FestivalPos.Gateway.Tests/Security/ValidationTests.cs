using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Malformed and out-of-bounds input is a 400 ProblemDetails, never a 5xx, and changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ValidationTests(GatewayFixture fixture)
{
    private const string Uid = "UID";
    private const string Wallet = "WALLET";

    public static TheoryData<string, string> BadPayments() => new()
    {
        { "unknown property", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z","balance":99}""" },
        { "unknown nested property", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":"UID","x":1},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "missing amount", """{"seq":1,"walletId":"WALLET","credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "null walletId", """{"seq":1,"walletId":null,"amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "null credential", """{"seq":1,"walletId":"WALLET","amount":10,"credential":null,"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "amount as string", """{"seq":1,"walletId":"WALLET","amount":"10","credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "fractional amount", """{"seq":1,"walletId":"WALLET","amount":10.5,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "huge amount", """{"seq":1,"walletId":"WALLET","amount":99999999999999999999999,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "zero amount", """{"seq":1,"walletId":"WALLET","amount":0,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "negative amount", """{"seq":1,"walletId":"WALLET","amount":-5,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "amount over the limit", """{"seq":1,"walletId":"WALLET","amount":100000001,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "zero seq", """{"seq":0,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "bad walletId", """{"seq":1,"walletId":"w 1/..","amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "unknown credential type", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"face","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "empty credential value", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":""},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "nfc-sun value that is a bare uid", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc-sun","value":"04DE5F1EACC040"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "nfc-sun value in lower case", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc-sun","value":"04de5f1eacc040:00003d:94eed9ee65337086"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "nfc-sun value with a short mac", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc-sun","value":"04DE5F1EACC040:00003D:94EED9EE6533"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "local time", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05+02:00"}""" },
        { "not a date", """{"seq":1,"walletId":"WALLET","amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-13-45T99:00:00Z"}""" },
        { "duplicate property", """{"seq":1,"walletId":"WALLET","amount":10,"amount":10,"credential":{"type":"nfc","value":"UID"},"createdAt":"2026-07-18T21:04:05Z"}""" },
        { "broken JSON", """{"seq":1,"walletId":"WALLET","amount":10""" },
        { "an array", """[1,2,3]""" },
        { "empty body", "" },
        { "null body", "null" },
    };

    [Theory]
    [MemberData(nameof(BadPayments))]
    public async Task A_bad_payment_is_400_and_charges_nothing(string because, string json)
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);

        var response = await device.Client.PostRawAsync(device.Payments, json.Replace(Wallet, walletId).Replace(Uid, uid));

        await response.ProblemAsync(HttpStatusCode.BadRequest);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100, because);
        var view = await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);
        view.GetProperty("ackedThrough").GetInt64().Should().Be(0);
        view.GetProperty("gaps").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_validation_problem_names_each_bad_field()
    {
        var device = await fixture.EnrollDeviceAsync();

        var problem = await (await device.Client.PostRawAsync(device.Payments,
            """{"seq":0,"walletId":"","amount":0,"credential":{"type":"x","value":"v"},"createdAt":"yesterday"}""")).ProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("seq", "walletId", "amount", "credential.type", "createdAt");
    }

    [Fact]
    public async Task A_malformed_sun_message_is_a_problem_on_its_value_that_says_the_format()
    {
        var device = await fixture.EnrollDeviceAsync();

        var problem = await (await device.Client.PostRawAsync(device.Payments,
            """{"seq":1,"walletId":"w-1","amount":10,"credential":{"type":"nfc-sun","value":"04DE5F1EACC040:3D:94EED9EE65337086"},"createdAt":"2026-07-18T21:04:05Z"}"""))
            .ProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("credential.value")[0].GetString().Should()
            .Be("'credential.value' must be a SUN message UID:COUNTER:MAC (14, 6 and 16 upper-case hex digits).");
    }

    public static TheoryData<string, string, string> BadOrganizerCalls() => new()
    {
        { "POST", "/api/v1/wallets", """{"walletId":"w-1","balance":100}""" },
        { "POST", "/api/v1/wallets", """{"walletId":"has space"}""" },
        { "POST", "/api/v1/wallets", """{"walletId":"x01234567890123456789012345678901234567890123456789012345678901234"}""" },
        { "POST", "/api/v1/wallets", """{"walletId":42}""" },
        { "POST", "/api/v1/wallets", """{}""" },
        { "POST", "/api/v1/devices", """{"deviceId":"d-1"}""" },
        { "POST", "/api/v1/devices", """{"deviceId":"d-1","standId":"bar","status":"active"}""" },
        { "POST", "/api/v1/devices", """{"deviceId":"d/1","standId":"bar"}""" },
        { "POST", "/api/v1/wallets/WALLET/wristbands", """{"uid":"bad uid"}""" },
        { "POST", "/api/v1/wristbands/sun-keys", """{"uids":[]}""" },
        { "POST", "/api/v1/wristbands/sun-keys", """{"uids":["04DE5F1EACC04"]}""" },
        { "POST", "/api/v1/wristbands/sun-keys", """{"uids":["04de5f1eacc040"]}""" },
        { "POST", "/api/v1/wristbands/sun-keys", """{"uids":null}""" },
        { "POST", "/api/v1/wristbands/sun-keys", """{"uids":["04DE5F1EACC040",null]}""" },
        { "PUT", "/api/v1/wallets/WALLET/pin", """{"pin":"123"}""" },
        { "PUT", "/api/v1/wallets/WALLET/pin", """{"pin":"123456789"}""" },
        { "PUT", "/api/v1/wallets/WALLET/pin", """{"pin":"12a4"}""" },
        { "PUT", "/api/v1/wallets/WALLET/pin", """{"pin":1234}""" },
        { "GET", "/api/v1/wallets/WALLET/transactions?limit=0", "" },
        { "GET", "/api/v1/wallets/WALLET/transactions?limit=501", "" },
        { "GET", "/api/v1/wallets/WALLET/transactions?after=-1", "" },
        { "GET", "/api/v1/wallets/WALLET/transactions?after=abc", "" },
        { "GET", "/api/v1/wallets/WALLET/transactions?limit=99999999999", "" },
    };

    [Theory]
    [MemberData(nameof(BadOrganizerCalls))]
    public async Task A_bad_organizer_call_is_400_and_changes_nothing(string method, string path, string json)
    {
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var before = await fixture.WalletAsync(walletId);
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace(Wallet, walletId));
        if (method != "GET")
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        await (await fixture.Organizer.SendAsync(request)).ProblemAsync(HttpStatusCode.BadRequest);

        (await fixture.WalletAsync(walletId)).GetRawText().Should().Be(before.GetRawText());
        (await fixture.Organizer.GetAsync("/api/v1/wallets/w-1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fixture.Organizer.GetAsync("/api/v1/devices/d-1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"topupId":"t-1","walletId":"WALLET","amount":0}""")]
    [InlineData("""{"topupId":"t-1","walletId":"WALLET","amount":100000001}""")]
    [InlineData("""{"topupId":"t 1","walletId":"WALLET","amount":5}""")]
    [InlineData("""{"topupId":"t-1","walletId":"WALLET","amount":5,"status":"applied"}""")]
    [InlineData("""{"topupId":"t-1","walletId":"WALLET"}""")]
    [InlineData("""{"topupId":"t-1","walletId":"WALLET","amount":5e2}""")]
    public async Task A_bad_top_up_is_400_and_credits_nothing(string json)
    {
        var (walletId, _) = await fixture.NewWalletAsync();

        await (await fixture.TopUp.PostRawAsync("/api/v1/topups", json.Replace(Wallet, walletId))).ProblemAsync(HttpStatusCode.BadRequest);

        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_batch_over_the_size_limit_or_with_a_bad_transaction_is_400_and_applies_nothing()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100_000);
        var tooMany = Enumerable.Range(1, 1001).Select(seq => TestApi.Offline(device, seq, walletId, 1)).ToArray();
        var oneBad = new object?[] { TestApi.Offline(device, 1, walletId, 1), TestApi.Offline(device, 2, walletId, 0) };
        var withNull = new object?[] { TestApi.Offline(device, 1, walletId, 1), null };

        var problem = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = tooMany })).ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:batch-too-large");
        problem.GetProperty("maxBatchSize").GetInt32().Should().Be(1000, "a terminal sizes its next batch by it");
        var bad = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = oneBad })).ProblemAsync(HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("transactions[1].amount", out _).Should().BeTrue();
        await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = withNull })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await device.Client.PostRawAsync(device.Batches, """{"transactions":null}""")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await device.Client.PostRawAsync(device.Batches, """{}""")).ProblemAsync(HttpStatusCode.BadRequest);

        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100_000);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var device = await fixture.EnrollDeviceAsync();

        var response = await device.Client.PostAsync(device.Payments, new StringContent("seq=1", Encoding.UTF8, "text/plain"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        var device = await fixture.EnrollDeviceAsync();
        var body = new string(' ', 1024 * 1024) + "{}";

        var response = await device.Client.PostRawAsync(device.Batches, body);

        (await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge)).GetProperty("type").GetString().Should().EndWith("body-too-large");
    }

    [Fact]
    public async Task A_bad_token_request_is_400()
    {
        await (await fixture.Anonymous().PostRawAsync("/api/v1/auth/token", """{"clientId":"organizer-tests"}""")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await fixture.Anonymous().PostRawAsync("/api/v1/auth/token", """{"clientId":"","clientSecret":"x"}""")).ProblemAsync(HttpStatusCode.BadRequest);
        var problem = await (await fixture.Anonymous().PostRawAsync("/api/v1/auth/token", """{"clientId":"a","clientSecret":"b","role":"organizer"}""")).ProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("role");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await fixture.Organizer.GetAsync("/api/v1/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32().Should().Be(404);
    }
}
