using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>
/// The management endpoint (Gateway:ManagementUrl, plain HTTP, http://127.0.0.1:9464 by default): metrics, the
/// OpenAPI document and the API reference are served there and nowhere else; the public endpoints answer 404
/// for them, as for any unknown path, and the management endpoint answers 404 for the API. Health is served on
/// both. A request belongs to the management endpoint when it arrived on the management port: the listener
/// decides, not a header a client could forge. Empty Gateway:ManagementUrl: no management endpoint at all.
/// </summary>
public sealed partial class ManagementEndpoint(IOptions<GatewayOptions> options)
{
    private readonly Uri? _url = Parse(options.Value.ManagementUrl);

    public bool IsEnabled => _url is not null;

    public bool Serves(HttpContext context) => _url is { } url && context.Connection.LocalPort == url.Port;

    /// <summary>The address the management endpoint listens on, or null when there is none.</summary>
    public static Uri? Parse(string? value) =>
        !string.IsNullOrWhiteSpace(value) && !Problems(value).Any() && Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : null;

    /// <summary>Listens on the management URL: an IP address (0.0.0.0 or [::] for every interface), or localhost (loopback).</summary>
    public static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, Uri url)
    {
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, url.Port);
        }
        else
        {
            kestrel.ListenLocalhost(url.Port);
        }
    }

    /// <summary>What is wrong with a Gateway:ManagementUrl value, if anything.</summary>
    public static IEnumerable<ValidationResult> Problems(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            yield break;
        }

        var valid = UrlPattern().IsMatch(value) && Uri.TryCreate(value, UriKind.Absolute, out var url)
            && (url.Host == "localhost" || IPAddress.TryParse(url.Host.Trim('[', ']'), out _));
        if (!valid)
        {
            yield return new ValidationResult(
                $"Gateway:ManagementUrl '{value}' must be http://ADDRESS:PORT with an IP address or localhost (such as http://127.0.0.1:9464), or empty for none.",
                [nameof(GatewayOptions.ManagementUrl)]);
        }
    }

    [GeneratedRegex(@"^http://[^/?#]+:[0-9]{1,5}/?$", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    /// <summary>Marks an endpoint served only on the management endpoint.</summary>
    public sealed class OnlyMetadata;

    /// <summary>Marks an endpoint served on every endpoint (health).</summary>
    public sealed class EverywhereMetadata;
}
