using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// The retry policy for requests Cosmos DB answers 429 (the request units are spent for now): the request
/// is sent again after the Retry-After the answer names (at most <c>maxWait</c>), up to <c>maxAttempts</c>
/// tries in all; the last 429 is then the answer. It sits in the client's pipeline in place of the SDK's
/// own throttling retries, so it covers every request, queries and set-up included.
/// </summary>
internal sealed class ThrottlingRetryHandler(int maxAttempts, TimeSpan maxWait, TimeProvider timeProvider) : RequestHandler
{
    /// <summary>Cosmos DB's Retry-After, in milliseconds.</summary>
    public const string RetryAfterHeader = "x-ms-retry-after-ms";

    /// <summary>When an answer names no Retry-After.</summary>
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMilliseconds(100);

    public static ThrottlingRetryHandler FromOptions(CosmosStorageOptions options, TimeProvider timeProvider) =>
        new(options.MaxThrottledAttempts, TimeSpan.FromMilliseconds(options.MaxThrottledWaitMs), timeProvider);

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= maxAttempts || request.Content is { CanSeek: false })
            {
                return response;
            }

            var wait = RetryAfter(response);
            // Only the answer's content goes: disposing the answer would dispose the request it carries, which is sent again.
            response.Content?.Dispose();
            await Task.Delay(wait < maxWait ? wait : maxWait, timeProvider, cancellationToken);
            request.Content?.Seek(0, SeekOrigin.Begin);
        }
    }

    private static TimeSpan RetryAfter(ResponseMessage response) =>
        double.TryParse(response.Headers[RetryAfterHeader], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : DefaultWait;
}
