using System.ComponentModel.DataAnnotations;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>The gateway's own limits and files, bound from the Gateway section.</summary>
public sealed class GatewayOptions
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
