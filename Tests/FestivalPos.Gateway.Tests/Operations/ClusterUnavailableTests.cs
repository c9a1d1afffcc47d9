using System.Net;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>A gateway whose only silo has stopped: requests are 503 with Retry-After and it reports itself not ready.</summary>
public sealed class ClusterUnavailableTests
{
    [Fact]
    public async Task Requests_are_503_with_retry_after_and_ready_is_unhealthy_once_the_silo_is_gone()
    {
        await using var silo = await TestSilo.StartAsync();
        await using var gateway = new GatewayFactory(silo, new Dictionary<string, string?> { ["Cluster:ResponseTimeoutSeconds"] = "2" });
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var device = await TestApi.EnrollDeviceAsync(organizer, gateway);
        var snapshot = $"/api/v1/devices/{device.DeviceId}/offline-snapshot";
        (await device.Client.GetAsync(snapshot)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await gateway.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        await silo.DisposeAsync();
        var response = await device.Client.GetAsync(snapshot);
        var ready = await gateway.CreateClient().GetAsync("/health/ready");

        (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString().Should().EndWith("cluster-unavailable");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
        (await gateway.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
