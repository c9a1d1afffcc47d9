using System.Globalization;
using FestivalPos.DevServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>
/// The real gateway (Gateway.Api) on Kestrel on a free loopback port, talking to the test silo: over plain HTTP, or over
/// HTTPS with the self-signed certificate it makes in its data folder; <paramref name="settings"/> adds or overrides configuration.
/// </summary>
public sealed class TestGateway(TestSilo silo, IReadOnlyDictionary<string, string>? settings = null, bool https = false) : WebApplicationFactory<Program>
{
    public const string OrganizerId = "organizer-posapp-tests";
    public const string OrganizerSecret = "organizer-secret-for-posapp-tests";
    public const string TopUpId = "topup-posapp-tests";
    public const string TopUpSecret = "topup-secret-for-posapp-tests";

    public int Port { get; } = LoopbackPorts.Free();

    public string Url => $"{(https ? "https" : "http")}://127.0.0.1:{Port}";

    /// <summary>The gateway's data folder, where it keeps its HTTPS certificate (<c>gateway-https.pfx</c>).</summary>
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), $"festivalpos-posapp-gateway-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var configuration = new Dictionary<string, string?>(silo.Membership)
        {
            ["Kestrel:Endpoints:Https:Url"] = Url,
            ["Gateway:ManagementUrl"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["Cluster:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = silo.ClusterId,
            ["Cluster:ServiceId"] = silo.ClusterId,
            ["Auth:BootstrapOrganizer:ClientId"] = OrganizerId,
            ["Auth:BootstrapOrganizer:ClientSecret"] = OrganizerSecret,
            ["Auth:BootstrapTopup:ClientId"] = TopUpId,
            ["Auth:BootstrapTopup:ClientSecret"] = TopUpSecret,
            ["Gateway:DataPath"] = DataPath,
            ["RateLimits:PermitsPerSecondPerClient"] = "100000",
            ["RateLimits:BurstPerClient"] = "100000",
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "100000",
            ["RateLimits:TokenRequestBurstPerAddress"] = "100000",
            ["RateLimits:OfflineTransactionsPerSecondPerDevice"] = "1000000",
            ["RateLimits:OfflineTransactionBurstPerDevice"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in configuration.Concat(TestClusterCertificates.Shared.Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
