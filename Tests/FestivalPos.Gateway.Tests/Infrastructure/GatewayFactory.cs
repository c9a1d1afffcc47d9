using System.Globalization;
using System.Net;
using FestivalPos.DevServers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway whose Orleans client reaches the test silo through its gateway port, as a deployed
/// gateway reaches a localhost silo. Settings override the test defaults (generous rate limits).
/// </summary>
public sealed class GatewayFactory(TestSilo silo, IReadOnlyDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    public const string OrganizerId = "organizer-tests";
    public const string OrganizerSecret = "organizer-secret-for-tests";
    public const string TopUpId = "topup-tests";
    public const string TopUpSecret = "topup-secret-for-the-tests";
    public const string OperatorId = "operator-tests";
    public const string OperatorSecret = "operator-secret-for-the-tests";

    /// <summary>Where the gateway serves metrics and the API reference by default (Gateway:ManagementUrl).</summary>
    public static readonly Uri ManagementAddress = new("http://127.0.0.1:9464");

    /// <summary>The address every request comes from, as its connection would have it (a load balancer's, say).</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>
    /// On the test server (no sockets), a request's local port is the port of the address it was sent to. Off for a
    /// gateway started with <c>UseKestrel()</c>, where the socket says.
    /// </summary>
    public bool LocalPortFromAddress { get; init; } = true;

    /// <summary>The gateway's clock, when not the system's.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Keep the rate limits the gateway ships with instead of the tests' generous ones.</summary>
    public bool ShippedRateLimits { get; init; }

    /// <summary>A client of the management endpoint (metrics, OpenAPI document, API reference).</summary>
    public HttpClient CreateManagementClient() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ManagementAddress });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (LocalPortFromAddress)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new LocalPortStartupFilter()));
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }

        if (RemoteAddress is { } address)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(address)));
        }
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(TestClusterCertificates.Shared.Settings)
        {
            ["Cluster:Membership"] = "Localhost",
            ["Cluster:GatewayPort"] = silo.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = silo.ClusterId,
            ["Cluster:ServiceId"] = silo.ClusterId,
            ["Auth:BootstrapOrganizer:ClientId"] = OrganizerId,
            ["Auth:BootstrapOrganizer:ClientSecret"] = OrganizerSecret,
            ["Auth:BootstrapTopup:ClientId"] = TopUpId,
            ["Auth:BootstrapTopup:ClientSecret"] = TopUpSecret,
            ["Auth:BootstrapOperator:ClientId"] = OperatorId,
            ["Auth:BootstrapOperator:ClientSecret"] = OperatorSecret,
            ["Gateway:DataPath"] = Path.Combine(Path.GetTempPath(), $"festivalpos-gateway-data-{Guid.NewGuid():N}"),
        };
        if (!ShippedRateLimits)
        {
            settings["RateLimits:PermitsPerSecondPerClient"] = "100000";
            settings["RateLimits:BurstPerClient"] = "100000";
            settings["RateLimits:TokenRequestsPerMinutePerAddress"] = "100000";
            settings["RateLimits:TokenRequestBurstPerAddress"] = "100000";
            settings["RateLimits:OfflineTransactionsPerSecondPerDevice"] = "1000000";
            settings["RateLimits:OfflineTransactionBurstPerDevice"] = "1000000";
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
