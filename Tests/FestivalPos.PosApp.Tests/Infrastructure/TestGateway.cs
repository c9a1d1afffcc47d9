using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>The real gateway (Gateway.Api) on Kestrel over plain HTTP on a free loopback port, talking to the test silo.</summary>
public sealed class TestGateway(TestSilo silo) : WebApplicationFactory<Program>
{
    public const string OrganizerId = "organizer-posapp-tests";
    public const string OrganizerSecret = "organizer-secret-for-posapp-tests";
    public const string TopUpId = "topup-posapp-tests";
    public const string TopUpSecret = "topup-secret-for-posapp-tests";

    public int Port { get; } = TestSilo.FreePort();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string>
        {
            ["Kestrel:Endpoints:Https:Url"] = $"http://127.0.0.1:{Port}",
            ["Gateway:ManagementUrl"] = $"http://127.0.0.1:{TestSilo.FreePort()}",
            ["Cluster:Membership"] = "Localhost",
            ["Cluster:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = silo.ClusterId,
            ["Cluster:ServiceId"] = silo.ClusterId,
            ["Auth:BootstrapOrganizer:ClientId"] = OrganizerId,
            ["Auth:BootstrapOrganizer:ClientSecret"] = OrganizerSecret,
            ["Auth:BootstrapTopup:ClientId"] = TopUpId,
            ["Auth:BootstrapTopup:ClientSecret"] = TopUpSecret,
            ["Gateway:DataPath"] = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-gateway-{Guid.NewGuid():N}"),
            ["RateLimits:PermitsPerSecondPerClient"] = "100000",
            ["RateLimits:BurstPerClient"] = "100000",
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "100000",
            ["RateLimits:TokenRequestBurstPerAddress"] = "100000",
            ["RateLimits:OfflineTransactionsPerSecondPerDevice"] = "1000000",
            ["RateLimits:OfflineTransactionBurstPerDevice"] = "1000000",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
