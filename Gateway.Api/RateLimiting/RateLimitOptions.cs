using System.ComponentModel.DataAnnotations;
using FestivalPos.Gateway.Api.Hosting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.RateLimiting;

/// <summary>Request budgets, bound from the RateLimits section. The README sizes the defaults.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sustained requests per second of one client (by token subject; by address without a token).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecondPerClient { get; set; } = 50;

    /// <summary>Requests one client may send at once above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int BurstPerClient { get; set; } = 100;

    /// <summary>
    /// Sustained token requests per minute from one address (an IPv6 /64 is one address): the refill of its
    /// token bucket. 1,500 terminals refreshing 900-second tokens need 100 a minute.
    /// </summary>
    [Range(1, 1_000_000)]
    public int TokenRequestsPerMinutePerAddress { get; set; } = 200;

    /// <summary>Token requests one address may send at once: every terminal behind a festival NAT after an outage, twice.</summary>
    [Range(1, 1_000_000)]
    public int TokenRequestBurstPerAddress { get; set; } = 3000;

    /// <summary>Wrong secrets one client id may be tried with before it backs off, whatever the address.</summary>
    [Range(1, 1000)]
    public int TokenFailuresPerClient { get; set; } = 5;

    /// <summary>The first backoff after the failure budget, in seconds; each further wrong secret doubles it.</summary>
    [Range(1, 3600)]
    public int TokenBackoffSeconds { get; set; } = 1;

    /// <summary>The longest backoff, in seconds.</summary>
    [Range(1, 86_400)]
    public int TokenBackoffMaxSeconds { get; set; } = 900;

    /// <summary>Stretched (100,000-iteration) secret checks this gateway runs at once: one per core.</summary>
    [Range(1, 1024)]
    public int SecretChecksAtOnce { get; set; } = Environment.ProcessorCount;

    /// <summary>Stretched secret checks that may wait for a free one; beyond them a token request is answered 503.</summary>
    [Range(0, 10_000)]
    public int SecretChecksQueued { get; set; } = 16;

    /// <summary>Sustained offline transactions per second one device may upload (its batches' sizes, counted at this gateway).</summary>
    [Range(1, 1_000_000)]
    public int OfflineTransactionsPerSecondPerDevice { get; set; } = 20;

    /// <summary>Offline transactions one device may upload at once: at least one full batch (Sync:MaxBatchSize).</summary>
    [Range(1, 10_000_000)]
    public int OfflineTransactionBurstPerDevice { get; set; } = 3000;
}

/// <summary>The relationships between limits that single ranges cannot state.</summary>
public sealed class RateLimitOptionsValidator(IOptions<SyncOptions> sync) : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = new List<string>();
        if (options.TokenBackoffMaxSeconds < options.TokenBackoffSeconds)
        {
            problems.Add($"RateLimits:TokenBackoffMaxSeconds ({options.TokenBackoffMaxSeconds}) must be at least RateLimits:TokenBackoffSeconds ({options.TokenBackoffSeconds}).");
        }

        if (options.OfflineTransactionBurstPerDevice < sync.Value.MaxBatchSize)
        {
            problems.Add($"RateLimits:OfflineTransactionBurstPerDevice ({options.OfflineTransactionBurstPerDevice}) must hold a full batch, Sync:MaxBatchSize ({sync.Value.MaxBatchSize}).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
