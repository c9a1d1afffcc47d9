using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Tests.Security;

public sealed class TokenFailureBackoffTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void After_the_budget_each_attempt_doubles_the_wait_up_to_the_cap_and_a_success_forgets_the_count()
    {
        var backoff = Backoff(failures: 3, firstSeconds: 2, maxSeconds: 10);

        Enumerable.Range(0, 3).Select(_ => backoff.TryBegin("organizer")).ToList().Should().AllSatisfy(wait => wait.Should().BeNull());
        backoff.RetryAfter("organizer").Should().Be(TimeSpan.FromSeconds(2));
        backoff.TryBegin("organizer").Should().Be(TimeSpan.FromSeconds(2), "a refused attempt is not checked and not counted");
        backoff.RetryAfter("topup").Should().BeNull("other ids are not held back");

        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            _time.Advance(backoff.RetryAfter("organizer")!.Value);
            backoff.TryBegin("organizer").Should().BeNull();
            waits.Add(backoff.RetryAfter("organizer")!.Value);
        }

        waits.Should().Equal(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));
        backoff.TryBegin("organizer").Should().BeNull();
        backoff.Succeeded("organizer");
        backoff.RetryAfter("organizer").Should().BeNull();
        Enumerable.Range(0, 3).Select(_ => backoff.TryBegin("organizer")).ToList().Should().AllSatisfy(wait => wait.Should().BeNull());
    }

    [Fact]
    public void A_count_is_forgotten_only_after_a_day_without_an_attempt()
    {
        var backoff = Backoff(failures: 2, firstSeconds: 1, maxSeconds: 10);
        backoff.TryBegin("organizer");
        backoff.TryBegin("organizer");

        _time.Advance(TimeSpan.FromHours(23));
        backoff.TryBegin("organizer").Should().BeNull();
        backoff.RetryAfter("organizer").Should().Be(TimeSpan.FromSeconds(2), "23 hours later the count still stands");
        _time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        backoff.TryBegin("organizer").Should().BeNull();
        backoff.RetryAfter("organizer").Should().BeNull("the count starts again from one");
    }

    private TokenFailureBackoff Backoff(int failures, int firstSeconds, int maxSeconds) => new(
        Options.Create(new RateLimitOptions { TokenFailuresPerClient = failures, TokenBackoffSeconds = firstSeconds, TokenBackoffMaxSeconds = maxSeconds }), _time);
}
