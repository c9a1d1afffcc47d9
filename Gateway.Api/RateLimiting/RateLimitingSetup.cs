using System.Globalization;
using System.Threading.RateLimiting;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.RateLimiting;

public static class RateLimitingSetup
{
    public const string ClientPolicy = "per-client";
    public const string TokenPolicy = "token-per-address";

    public static IHostApplicationBuilder AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.AddPolicy(ClientPolicy, context =>
            {
                var options = Options(context);
                var clientId = context.User.FindFirst(Roles.ClientIdClaim)?.Value;
                var key = clientId is not null ? $"client:{clientId}" : $"address:{AddressPartition.Of(context.Connection.RemoteIpAddress)}";
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.BurstPerClient,
                    TokensPerPeriod = options.PermitsPerSecondPerClient,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
            limiter.AddPolicy(TokenPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                $"token:{AddressPartition.Of(context.Connection.RemoteIpAddress)}",
                _ => TokenBucketPerAddress(Options(context))));
        });
        return builder;
    }

    /// <summary>
    /// A bucket of TokenRequestBurstPerAddress refilled at TokenRequestsPerMinutePerAddress, a few tokens at a time
    /// (at least every 100 ms, the limiter's timer), so the refill is smooth rather than a minute's worth at once.
    /// </summary>
    public static TokenBucketRateLimiterOptions TokenBucketPerAddress(RateLimitOptions options)
    {
        const int MaxRefillsPerMinute = 600;
        var tokensPerRefill = (options.TokenRequestsPerMinutePerAddress + MaxRefillsPerMinute - 1) / MaxRefillsPerMinute;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.TokenRequestBurstPerAddress,
            TokensPerPeriod = tokensPerRefill,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * tokensPerRefill / options.TokenRequestsPerMinutePerAddress,
            QueueLimit = 0,
        };
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
