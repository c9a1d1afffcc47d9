using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Tests.Security;

[Collection(GatewayCollection.Name)]
public sealed class BootstrapClientTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("BootstrapOrganizer")]
    [InlineData("BootstrapTopup")]
    [InlineData("BootstrapOperator")]
    public async Task A_new_secret_in_configuration_replaces_the_old_one_at_start(string section)
    {
        var clientId = TestApi.NewId(section);
        await using (var first = Gateway(section, clientId, "first-secret-0123456789"))
        {
            await GatewayFixture.TokenAsync(first, clientId, "first-secret-0123456789");
        }

        await using var second = Gateway(section, clientId, "second-secret-0123456789");
        await GatewayFixture.TokenAsync(second, clientId, "second-secret-0123456789");

        var old = await second.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = "first-secret-0123456789" });
        await old.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Auth:BootstrapOrganizer:ClientSecret", "short")]
    [InlineData("Auth:BootstrapOrganizer:ClientId", "device-spoof")]
    [InlineData("Auth:BootstrapOperator:ClientSecret", "short")]
    [InlineData("Auth:BootstrapOperator:ClientId", "device-spoof")]
    [InlineData("Auth:SigningKey", "dG9vLXNob3J0")]
    [InlineData("Auth:PreviousSigningKeys:0", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("Auth:SigningKeyRefreshSeconds", "0")]
    [InlineData("Ledger:MaxAmount", "0")]
    [InlineData("Sync:MaxBatchSize", "5000")]
    [InlineData("RateLimits:OfflineTransactionBurstPerDevice", "999")]
    [InlineData("RateLimits:TokenBackoffMaxSeconds", "0")]
    [InlineData("Gateway:PublicUrl", "not a url")]
    public void Bad_configuration_stops_the_start_with_the_key_named(string key, string value)
    {
        using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { [key] = value });

        var start = () => gateway.CreateClient();

        start.Should().Throw<OptionsValidationException>();
    }

    private GatewayFactory Gateway(string section, string clientId, string secret) => new(fixture.Silo, new Dictionary<string, string?>
    {
        [$"Auth:{section}:ClientId"] = clientId,
        [$"Auth:{section}:ClientSecret"] = secret,
    });
}
