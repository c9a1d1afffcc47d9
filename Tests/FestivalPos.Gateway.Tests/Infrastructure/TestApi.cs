using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>Calls through the HTTP API with fresh ids, so tests never share a wallet or a device.</summary>
public static class TestApi
{
    public const string CreatedAt = "2026-07-18T21:04:05Z";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>The wristband uid <see cref="NewWalletAsync(HttpClient, HttpClient, long)"/> links to a wallet.</summary>
    public static string UidOf(string walletId) => $"uid-{walletId}";

    public static Task<(string WalletId, string Uid)> NewWalletAsync(this GatewayFixture fixture, long balance = 0) =>
        NewWalletAsync(fixture.Organizer, fixture.TopUp, balance);

    public static async Task<(string WalletId, string Uid)> NewWalletAsync(HttpClient organizer, HttpClient topUp, long balance = 0)
    {
        var walletId = NewId("w");
        var uid = UidOf(walletId);
        (await organizer.PostAsJsonAsync("/api/v1/wallets", new { walletId })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        if (balance > 0)
        {
            var response = await topUp.PostAsJsonAsync("/api/v1/topups", new { topupId = NewId("t"), walletId, amount = balance });
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        return (walletId, uid);
    }

    public static Task<TestDevice> EnrollDeviceAsync(this GatewayFixture fixture, GatewayFactory? gateway = null, string standId = "bar-1") =>
        EnrollDeviceAsync(fixture.Organizer, gateway ?? fixture.Gateway, standId);

    /// <summary>Enrolls a device at <paramref name="standId"/> with the organizer's client and signs it in at <paramref name="gateway"/>.</summary>
    public static async Task<TestDevice> EnrollDeviceAsync(HttpClient organizer, GatewayFactory gateway, string standId = "bar-1")
    {
        var deviceId = NewId("d");
        var response = await organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId, standId });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var clientId = body.GetProperty("clientId").GetString()!;
        var secret = body.GetProperty("clientSecret").GetString()!;
        var key = Convert.FromBase64String(body.GetProperty("signingKey").GetString()!);
        var snapshotKey = Convert.FromBase64String(body.GetProperty("snapshotKey").GetString()!);
        var client = await GatewayFixture.SignedInAsync(gateway, clientId, secret);
        return new TestDevice(deviceId, clientId, secret, key, client, snapshotKey);
    }

    public static object Payment(long seq, string walletId, long amount, string uid, string createdAt = CreatedAt) =>
        new { seq, walletId, amount, credential = new { type = "nfc", value = uid }, createdAt };

    /// <summary>An offline sale signed as API.md 1.1 says, paid with the wallet's wristband unless another uid is given, sold now unless another time is given.</summary>
    public static object Offline(TestDevice device, long seq, string walletId, long amount, string? uid = null, string? createdAt = null, string type = "nfc")
    {
        var value = uid ?? UidOf(walletId);
        var soldAt = createdAt ?? Wire.WireTime.Format(DateTimeOffset.UtcNow);
        return new
        {
            seq, walletId, amount, createdAt = soldAt, credential = new { type, value },
            signature = Wire.OfflineSignature.Sign(device.Key, device.DeviceId, seq, walletId, amount, soldAt, type, value),
        };
    }

    /// <summary>Reads an organizer report until it shows what the feed pump publishes a moment after a sale: bounded polls, no time limit asserted.</summary>
    public static async Task<JsonElement> UntilReportAsync(this GatewayFixture fixture, string path, Func<JsonElement, bool> shows)
    {
        const int maxPolls = 400;
        for (var poll = 0; ; poll++)
        {
            var body = await (await fixture.Organizer.GetAsync(path)).JsonAsync(HttpStatusCode.OK);
            if (shows(body) || poll == maxPolls)
            {
                shows(body).Should().BeTrue($"{path} shows the sales after {maxPolls} polls: {body}");
                return body;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails answer with the given status and answers its type.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await response.JsonAsync(expected);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    public static async Task<JsonElement> WalletAsync(this GatewayFixture fixture, string walletId) =>
        await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}")).JsonAsync(HttpStatusCode.OK);
}

public sealed record TestDevice(string DeviceId, string ClientId, string Secret, byte[] Key, HttpClient Client, byte[] SnapshotKey)
{
    public string Payments => $"/api/v1/devices/{DeviceId}/payments";

    public string Batches => $"/api/v1/devices/{DeviceId}/batches";

    public string Refunds => $"/api/v1/devices/{DeviceId}/refunds";

    public string Snapshot => $"/api/v1/devices/{DeviceId}/offline-snapshot";
}
