using FestivalPos.DevServers;
using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>Metrics and the API reference are served on the management endpoint only; the public port does not know them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ManagementEndpointTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task Management_paths_are_404_on_the_public_port_and_served_on_the_management_endpoint(string path)
    {
        var onPublic = await fixture.Anonymous().GetAsync(path);
        var onManagement = await fixture.Management().GetAsync(path);

        onPublic.StatusCode.Should().Be(HttpStatusCode.NotFound);
        onManagement.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Over_real_sockets_the_public_port_answers_404_for_management_paths_even_with_a_forged_host_and_the_management_port_serves_them()
    {
        var publicPort = LoopbackPorts.Free();
        var managementPort = LoopbackPorts.Free();
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = $"https://127.0.0.1:{publicPort}",
            ["Gateway:ManagementUrl"] = $"http://127.0.0.1:{managementPort}",
        })
        { LocalPortFromAddress = false };
        gateway.UseKestrel();
        gateway.StartServer();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);
        var publicBase = $"https://127.0.0.1:{publicPort}";
        var managementBase = $"http://127.0.0.1:{managementPort}";
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"{publicBase}/metrics");
        forged.Headers.Host = $"127.0.0.1:{managementPort}";

        (await http.GetAsync($"{publicBase}/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{publicBase}/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.GetAsync($"{publicBase}/scalar/v1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.SendAsync(forged)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the port the request arrived on decides, not its Host header");
        (await http.GetAsync($"{managementBase}/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{managementBase}/scalar/v1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{managementBase}/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{managementBase}/api/v1/review")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("https://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://metrics.example:9464")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    public void A_management_url_that_is_not_http_address_and_port_stops_the_start(string value)
    {
        using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Gateway:ManagementUrl"] = value });

        FluentActions.Invoking(() => gateway.CreateClient()).Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*Gateway:ManagementUrl*");
    }

    [Fact]
    public async Task Without_a_management_url_nothing_serves_the_management_paths()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Gateway:ManagementUrl"] = "" });

        (await gateway.CreateManagementClient().GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gateway.CreateClient().GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await gateway.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_management_endpoint_serves_health_but_not_the_api()
    {
        var management = fixture.Management();

        foreach (var probe in new[] { "/health/startup", "/health/ready", "/health/live" })
        {
            (await management.GetAsync(probe)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var token = await management.PostAsJsonAsync("/api/v1/auth/token", new { clientId = GatewayFactory.OrganizerId, clientSecret = GatewayFactory.OrganizerSecret });
        token.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
