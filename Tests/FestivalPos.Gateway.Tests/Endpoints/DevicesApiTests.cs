using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class DevicesApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Enrolling_answers_the_credentials_once_and_stores_only_a_hash_of_the_secret()
    {
        var deviceId = TestApi.NewId("d");

        var response = await fixture.Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId, standId = "food-7" });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be($"/api/v1/devices/{deviceId}");
        body.GetProperty("deviceId").GetString().Should().Be(deviceId);
        body.GetProperty("standId").GetString().Should().Be("food-7");
        body.GetProperty("clientId").GetString().Should().Be($"device-{deviceId}");
        Convert.FromBase64String(body.GetProperty("signingKey").GetString()!).Should().HaveCount(32);
        var secret = body.GetProperty("clientSecret").GetString()!;
        secret.Length.Should().BeGreaterThanOrEqualTo(40);
        var stored = await fixture.Grains.GetGrain<IApiClientGrain>($"device-{deviceId}").Get();
        stored!.Role.Should().Be(ApiClientRole.Device);
        stored.DeviceId.Should().Be(deviceId);
        stored.Secret.Hash.Should().NotContain(secret);
        ClientSecretHasher.Matches(stored.Secret, secret).Should().BeTrue();
        stored.Secret.Iterations.Should().Be(1, "a generated 256-bit secret needs no stretching");
    }

    [Fact]
    public async Task Enrolling_an_existing_device_is_409_and_keeps_its_credentials()
    {
        var device = await fixture.EnrollDeviceAsync();

        var response = await fixture.Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId = device.DeviceId, standId = "bar-2" });

        (await response.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().EndWith("device-exists");
        await GatewayFixture.TokenAsync(fixture.Gateway, device.ClientId, device.Secret);
    }

    [Fact]
    public async Task A_device_shows_its_status_cursor_and_gaps()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, uid))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(4, walletId, 10, uid))).StatusCode.Should().Be(HttpStatusCode.OK);

        var view = await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);

        view.GetProperty("deviceId").GetString().Should().Be(device.DeviceId);
        view.GetProperty("standId").GetString().Should().Be("bar-1");
        view.GetProperty("status").GetString().Should().Be("active");
        view.GetProperty("ackedThrough").GetInt64().Should().Be(1);
        view.GetProperty("gaps").EnumerateArray().Select(g => g.GetInt64()).Should().Equal(2, 3);
        view.GetProperty("ledgerEpoch").GetString().Should().Be("0", "the ledger was never restored from a backup");
    }

    [Fact]
    public async Task Revoking_answers_204_and_shows_revoked()
    {
        var device = await fixture.EnrollDeviceAsync();

        (await fixture.Organizer.PostAsync($"/api/v1/devices/{device.DeviceId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var view = await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);
        view.GetProperty("status").GetString().Should().Be("revoked");
    }

    [Fact]
    public async Task Unknown_devices_are_404()
    {
        var deviceId = TestApi.NewId("d");

        await (await fixture.Organizer.GetAsync($"/api/v1/devices/{deviceId}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await fixture.Organizer.PostAsync($"/api/v1/devices/{deviceId}/revoke", null)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
