using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Wire.Sun;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>SUN wristbands through the API: keys for the encoding station, then taps that pay once, online and offline.</summary>
[Collection(GatewayCollection.Name)]
public sealed class WristbandsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Each_wristband_gets_its_own_key_and_the_same_key_every_time()
    {
        var (first, second) = (NewUid(), NewUid());

        var keys = await SunKeysAsync(first, second, first);

        keys.Select(k => k.Uid).Should().Equal(first, second, first);
        keys.Should().OnlyContain(k => k.Key.Length == 32 && k.Key.All(char.IsAsciiHexDigitUpper));
        keys[0].Key.Should().Be(keys[2].Key).And.NotBe(keys[1].Key);
        (await SunKeysAsync(second)).Single().Key.Should().Be(keys[1].Key);
    }

    [Fact]
    public async Task A_tap_of_a_programmed_wristband_pays_once_online_and_its_message_replayed_is_declined()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);
        var uid = NewUid();
        (await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var tagKey = Convert.FromHexString((await SunKeysAsync(uid)).Single().Key);
        var tap = SunMessage.Create(tagKey, uid, 5).Value;

        var paid = await (await device.Client.PostAsJsonAsync(device.Payments, SunPayment(1, walletId, 400, tap))).JsonAsync(HttpStatusCode.OK);
        var replayed = await (await device.Client.PostAsJsonAsync(device.Payments, SunPayment(2, walletId, 400, tap))).JsonAsync(HttpStatusCode.OK);
        var forged = SunMessage.Create(new byte[AesCmac.KeyBytes], uid, 6).Value;
        var forgedAnswer = await (await device.Client.PostAsJsonAsync(device.Payments, SunPayment(3, walletId, 400, forged))).JsonAsync(HttpStatusCode.OK);

        (paid.GetProperty("status").GetString(), paid.GetProperty("balance").GetInt64()).Should().Be(("approved", 600));
        (replayed.GetProperty("status").GetString(), replayed.GetProperty("reason").GetString()).Should().Be(("declined", "badCredential"));
        (forgedAnswer.GetProperty("status").GetString(), forgedAnswer.GetProperty("reason").GetString()).Should().Be(("declined", "badCredential"));
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(600);
    }

    [Fact]
    public async Task Offline_a_replayed_sun_message_is_bad_credential_and_listed_for_review()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);
        var uid = NewUid();
        (await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var tap = SunMessage.Create(Convert.FromHexString((await SunKeysAsync(uid)).Single().Key), uid, 9).Value;

        var batch = new { transactions = new[] { TestApi.Offline(device, 1, walletId, 100, tap, type: "nfc-sun"), TestApi.Offline(device, 2, walletId, 100, tap, type: "nfc-sun") } };
        var answer = await (await device.Client.PostAsJsonAsync(device.Batches, batch)).JsonAsync(HttpStatusCode.OK);

        answer.GetProperty("results").EnumerateArray().Select(r => $"{r.GetProperty("status").GetString()}:{r.GetProperty("reason").GetString()}")
            .Should().Equal("applied:", "rejected:badCredential");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(900);
        var review = await (await fixture.Organizer.GetAsync("/api/v1/review?after=0&limit=500")).JsonAsync(HttpStatusCode.OK);
        review.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("deviceId").GetString() == device.DeviceId)
            .Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("reason").GetString())).Should().Equal((2L, "badCredential"));
    }

    private async Task<SunKey[]> SunKeysAsync(params string[] uids)
    {
        var response = await fixture.Organizer.PostAsJsonAsync("/api/v1/wristbands/sun-keys", new { uids });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<SunKeysResponse>())!.Keys;
    }

    private static object SunPayment(long seq, string walletId, long amount, string value) =>
        new { seq, walletId, amount, credential = new { type = "nfc-sun", value }, createdAt = TestApi.CreatedAt };

    private static string NewUid() => Convert.ToHexString(RandomNumberGenerator.GetBytes(SunMessage.UidBytes));

    private sealed record SunKey(string Uid, string Key);

    private sealed record SunKeysResponse(SunKey[] Keys);
}
