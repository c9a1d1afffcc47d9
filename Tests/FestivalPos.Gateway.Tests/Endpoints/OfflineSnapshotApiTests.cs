using System.Net;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class OfflineSnapshotApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_device_gets_wallets_with_credentials_the_blocked_list_and_a_version()
    {
        var device = await fixture.EnrollDeviceAsync();

        var snapshot = await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/offline-snapshot?since=10")).JsonAsync(HttpStatusCode.OK);

        fixture.Gateway.Snapshots.LastRequest.Should().Be((10L, 1000));
        snapshot.GetProperty("version").GetInt64().Should().Be(12);
        snapshot.GetProperty("more").GetBoolean().Should().BeFalse();
        snapshot.GetProperty("blocked").EnumerateArray().Select(w => w.GetString()).Should().Equal("w-blocked");
        var wallets = snapshot.GetProperty("wallets").EnumerateArray().ToList();
        wallets.Should().HaveCount(2);
        var active = wallets[0];
        active.GetProperty("walletId").GetString().Should().Be("w-active");
        active.GetProperty("balance").GetInt64().Should().Be(1200);
        active.GetProperty("status").GetString().Should().Be("active");
        active.GetProperty("uids").EnumerateArray().Select(u => u.GetString()).Should().Equal("uid-1", "uid-2");
        active.GetProperty("pinLocked").GetBoolean().Should().BeFalse();
        var pin = active.GetProperty("pin");
        pin.GetProperty("salt").GetString().Should().Be("c2FsdA==");
        pin.GetProperty("hash").GetString().Should().Be("aGFzaA==");
        pin.GetProperty("iterations").GetInt32().Should().Be(600_000);
        pin.GetProperty("algorithm").GetString().Should().Be("PBKDF2-SHA256");
        wallets[1].GetProperty("status").GetString().Should().Be("blocked");
        wallets[1].GetProperty("pin").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_cluster_that_does_not_answer_in_time_is_503_with_retry_after()
    {
        var device = await fixture.EnrollDeviceAsync();

        var response = await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/offline-snapshot?since={FakeOfflineSnapshotSource.TimesOutSince}");

        (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString().Should().EndWith("cluster-unavailable");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_negative_since_is_400()
    {
        var device = await fixture.EnrollDeviceAsync();

        await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/offline-snapshot?since=-1")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
