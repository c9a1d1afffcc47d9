using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>
/// Behind a load balancer the connection comes from the proxy: X-Forwarded-For and X-Forwarded-Proto
/// are taken from the proxies and networks in Gateway:TrustedProxies only, so the rate limits see the
/// client's address. Nothing is trusted unless configured, and then the headers are not read at all.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string ConfigurationKey = GatewayOptions.SectionName + ":" + nameof(GatewayOptions.TrustedProxies);

    public static IHostApplicationBuilder AddGatewayForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var (proxies, networks) = Parse(builder.Configuration[ConfigurationKey]);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);

            // Walk X-Forwarded-For from the right through every trusted hop; the first untrusted one is the client.
            options.ForwardLimit = null;
        });
        return builder;
    }

    public static WebApplication UseGatewayForwardedHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <summary>Addresses ("10.0.0.7") and networks ("10.0.0.0/8"), separated by commas or spaces.</summary>
    public static (List<IPAddress> Proxies, List<IPNetwork> Networks) Parse(string? value)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in (value ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (!entry.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(entry, out var address))
            {
                proxies.Add(address);
            }
            else
            {
                throw new OptionsValidationException(ConfigurationKey, typeof(GatewayOptions),
                    [$"{ConfigurationKey} entry '{entry}' is neither an IP address nor a network such as 10.0.0.0/8."]);
            }
        }

        return (proxies, networks);
    }
}
