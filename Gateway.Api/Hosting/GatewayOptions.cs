using System.ComponentModel.DataAnnotations;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>The gateway's own limits and files, bound from the Gateway section.</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>Largest request body accepted; larger ones are answered 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Where the gateway keeps its files (the generated HTTPS certificate), relative to the working directory.</summary>
    [Required]
    public string DataPath { get; set; } = "data";

    /// <summary>Load balancers whose X-Forwarded-For is believed: addresses and networks, comma separated; none by default.</summary>
    public string TrustedProxies { get; set; } = string.Empty;

    /// <summary>Where metrics, the OpenAPI document and the API reference are served (plain HTTP); empty for nowhere.</summary>
    public string ManagementUrl { get; set; } = "http://127.0.0.1:9464";

    /// <summary>The address clients reach the API at, the server the OpenAPI document names; empty: the Kestrel endpoints' URLs.</summary>
    public string PublicUrl { get; set; } = string.Empty;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in ManagementEndpoint.Problems(ManagementUrl))
        {
            yield return problem;
        }

        if (!string.IsNullOrEmpty(PublicUrl) && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
        {
            yield return new ValidationResult($"Gateway:PublicUrl '{PublicUrl}' must be an absolute http(s) URL.", [nameof(PublicUrl)]);
        }
    }
}

/// <summary>Ledger bounds the gateway checks before it calls a grain, bound from the Ledger section.</summary>
public sealed class LedgerApiOptions
{
    public const string SectionName = "Ledger";

    [Range(1, Grains.Interfaces.LedgerLimits.MaxAmount)]
    public long MaxAmount { get; set; } = Grains.Interfaces.LedgerLimits.MaxAmount;
}

/// <summary>Offline sync bounds, bound from the Sync section.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    [Range(1, Grains.Interfaces.LedgerLimits.MaxBatchSize)]
    public int MaxBatchSize { get; set; } = Grains.Interfaces.LedgerLimits.MaxBatchSize;

    /// <summary>Most wallets one offline snapshot page carries.</summary>
    [Range(1, 10_000)]
    public int SnapshotPageSize { get; set; } = 1000;

    /// <summary>Offline batches this gateway has in the cluster at once; the others wait in the gateway.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentBatches { get; set; } = 32;

    /// <summary>How long a batch waits in the gateway for its turn before it is answered 503 (terminals wait 30 s).</summary>
    [Range(0, 60)]
    public int BatchQueueSeconds { get; set; } = 20;
}
