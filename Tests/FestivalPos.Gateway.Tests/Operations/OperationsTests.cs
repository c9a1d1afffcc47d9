using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

[Collection(GatewayCollection.Name)]
public sealed class OperationsTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/health/startup")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_without_a_token(string path)
    {
        var response = await fixture.Anonymous().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_format_with_the_gateway_counters_on_the_management_endpoint()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 10);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 50, uid))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 2, walletId, 1) } })).StatusCode.Should().Be(HttpStatusCode.OK);

        var text = await WaitForMetricAsync("festivalpos_gateway_declines");

        text.Should().Contain("festivalpos_gateway_charges");
        text.Should().Contain("reason=\"insufficientFunds\"");
        text.Should().Contain("festivalpos_gateway_offline_transactions");
        text.Should().Contain("festivalpos_gateway_offline_transaction_age_seconds_bucket{otel_scope_name=\"FestivalPos.Gateway\",le=\"1\"}");
        text.Should().Contain("http_server_request_duration");
        text.Should().Contain("orleans_client_connected_gateways", "SiloCountBelowExpected watches it");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api_and_the_reference_ui_is_served_on_the_management_endpoint()
    {
        var document = await (await fixture.Management().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/v1/auth/token", "/api/v1/devices/{deviceId}/payments", "/api/v1/devices/{deviceId}/batches", "/api/v1/topups", "/api/v1/wallets/{walletId}/transactions"]);
        (await fixture.Management().GetAsync("/scalar/v1")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<string> WaitForMetricAsync(string name)
    {
        // The Prometheus exporter caches a scrape briefly; a counter added just now shows on a later one.
        for (var attempt = 0; ; attempt++)
        {
            var text = await fixture.Management().GetStringAsync("/metrics");
            if (text.Contains(name, StringComparison.Ordinal) || attempt == 20)
            {
                return text;
            }

            await Task.Delay(200);
        }
    }
}
