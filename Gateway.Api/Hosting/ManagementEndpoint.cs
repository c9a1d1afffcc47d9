using System.ComponentModel.DataAnnotations;
using FestivalPos.ServiceDefaults.Management;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>
/// The management endpoint (Gateway:ManagementUrl, plain HTTP, http://127.0.0.1:9464 by default): metrics, the
/// OpenAPI document and the API reference are served there and nowhere else; the public endpoints answer 404
/// for them, as for any unknown path, and the management endpoint answers 404 for the API. Health is served on
/// both. A request belongs to the management endpoint when it arrived on the management port: the listener
/// decides, not a header a client could forge. Empty Gateway:ManagementUrl: no management endpoint at all.
/// </summary>
public sealed class ManagementEndpoint(IOptions<GatewayOptions> options)
{
    private const string Key = "Gateway:ManagementUrl";

    private readonly Uri? _url = ManagementUrl.Parse(options.Value.ManagementUrl);

    public bool IsEnabled => _url is not null;

    public bool Serves(HttpContext context) => _url is { } url && context.Connection.LocalPort == url.Port;

    /// <summary>What is wrong with a Gateway:ManagementUrl value, if anything; empty is none.</summary>
    public static IEnumerable<ValidationResult> Problems(string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && ManagementUrl.Problem(value, Key) is { } problem)
        {
            yield return new ValidationResult($"{problem} Empty for none.", [nameof(GatewayOptions.ManagementUrl)]);
        }
    }

    /// <summary>Marks an endpoint served only on the management endpoint.</summary>
    public sealed class OnlyMetadata;

    /// <summary>Marks an endpoint served on every endpoint (health).</summary>
    public sealed class EverywhereMetadata;
}
