using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.RateLimiting;

/// <summary>Request budgets, bound from the RateLimits section.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Sustained requests per second of one client (by token subject; by address without a token).</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerSecondPerClient { get; set; } = 50;

    /// <summary>Requests one client may send at once above the sustained rate.</summary>
    [Range(1, 1_000_000)]
    public int BurstPerClient { get; set; } = 100;

    /// <summary>Token requests per minute from one remote address, so secrets cannot be guessed at speed.</summary>
    [Range(1, 1_000_000)]
    public int TokenRequestsPerMinutePerAddress { get; set; } = 30;
}

public static class RateLimitingSetup
{
    public const string ClientPolicy = "per-client";
    public const string TokenPolicy = "token-per-address";

    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.AddPolicy(ClientPolicy, context =>
            {
                var options = Options(context);
                var clientId = context.User.FindFirst(Roles.ClientIdClaim)?.Value;
                var key = clientId is not null ? $"client:{clientId}" : $"address:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.BurstPerClient,
                    TokensPerPeriod = options.PermitsPerSecondPerClient,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            limiter.AddPolicy(TokenPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                $"token:{context.Connection.RemoteIpAddress}",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Options(context).TokenRequestsPerMinutePerAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    private static RateLimitOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = Problems.TypePrefix + "rate-limited",
                Title = "Too many requests",
                Detail = $"Send this request again after {retryAfter} seconds.",
            },
        });
    }
}
