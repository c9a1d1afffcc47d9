using System.Net;
using FestivalPos.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Tests.Storage.Cosmos;

/// <summary>The 429 retry policy against a fake Cosmos DB that throttles (the local server never does).</summary>
public sealed class ThrottlingRetryHandlerTests
{
    [Fact]
    public async Task A_throttled_request_is_sent_again_after_the_retry_after_it_was_told()
    {
        var time = new RecordingTimeProvider();
        var cosmos = new ThrottlingCosmos(throttledAnswers: 2, retryAfterMs: "40");
        var handler = new ThrottlingRetryHandler(maxAttempts: 5, TimeSpan.FromSeconds(5), time) { InnerHandler = cosmos };

        using var response = await handler.SendAsync(Request("{\"id\":\"a\"}"), CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        cosmos.Bodies.Should().Equal("{\"id\":\"a\"}", "{\"id\":\"a\"}", "{\"id\":\"a\"}");
        time.Waits.Should().Equal(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(40));
    }

    [Fact]
    public async Task After_the_last_attempt_the_429_is_the_answer()
    {
        var time = new RecordingTimeProvider();
        var cosmos = new ThrottlingCosmos(throttledAnswers: int.MaxValue, retryAfterMs: "10");
        var handler = new ThrottlingRetryHandler(maxAttempts: 3, TimeSpan.FromSeconds(5), time) { InnerHandler = cosmos };

        using var response = await handler.SendAsync(Request("{}"), CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        cosmos.Bodies.Should().HaveCount(3);
        time.Waits.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_long_retry_after_is_cut_to_the_longest_wait_and_a_missing_one_waits_briefly()
    {
        var time = new RecordingTimeProvider();
        var handler = new ThrottlingRetryHandler(maxAttempts: 2, TimeSpan.FromSeconds(1), time) { InnerHandler = new ThrottlingCosmos(1, "60000") };
        var withoutRetryAfter = new ThrottlingRetryHandler(maxAttempts: 2, TimeSpan.FromSeconds(1), time) { InnerHandler = new ThrottlingCosmos(1, null) };

        (await handler.SendAsync(Request("{}"), CancellationToken.None)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await withoutRetryAfter.SendAsync(Request("{}"), CancellationToken.None)).StatusCode.Should().Be(HttpStatusCode.Created);

        time.Waits.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100));
    }

    private static RequestMessage Request(string body) =>
        new(HttpMethod.Post, new Uri("dbs/festivalpos/colls/ledger/docs", UriKind.Relative)) { Content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)) };

    /// <summary>Answers 429 (with Retry-After in milliseconds, when given) the first times, then 201; keeps every body it was sent.</summary>
    private sealed class ThrottlingCosmos(int throttledAnswers, string? retryAfterMs) : RequestHandler
    {
        public List<string> Bodies { get; } = [];

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(request.Content, leaveOpen: true);
            Bodies.Add(await reader.ReadToEndAsync(cancellationToken));
            if (Bodies.Count > throttledAnswers)
            {
                return new ResponseMessage(HttpStatusCode.Created);
            }

            // As the SDK's transport answers: the answer carries its request, and disposing it would dispose the request.
            var throttled = new ResponseMessage(HttpStatusCode.TooManyRequests, request);
            if (retryAfterMs is not null)
            {
                throttled.Headers[ThrottlingRetryHandler.RetryAfterHeader] = retryAfterMs;
            }

            return throttled;
        }
    }

    /// <summary>Records each wait asked of it and lets it pass at once.</summary>
    private sealed class RecordingTimeProvider : TimeProvider
    {
        public List<TimeSpan> Waits { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Waits.Add(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
