using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using FestivalPos.Storage.Feed;
using FestivalPos.Tests.Storage.Cosmos;

namespace FestivalPos.Tests.Storage.Feed;

public sealed class CosmosLedgerFeedTests : LedgerFeedConformanceTests
{
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();

    protected override IEventStoreBackend CreateBackend() => CosmosLedgers.Open(_options);

    protected override Task DeleteDatabaseAsync() => CosmosLedgers.DeleteAsync(_options);

    [Fact]
    public async Task An_announced_attempt_that_never_commits_is_fenced_off_and_leaves_no_hole()
    {
        var clock = new ManualClock();
        var backend = await OpenAsync(clock);
        var crashed = backend.StartAttempt(new AppendRequest("wallet/crashed", 0, Events("lost"), []));
        await backend.AnnounceAsync([crashed.Announcement], CancellationToken.None);
        await backend.AppendBatchAsync([new AppendRequest("wallet/live", 0, Events("l1"), [])], CancellationToken.None);

        var withinGrace = await ReadAllAsync(backend);
        clock.Advance(TimeSpan.FromMilliseconds(_options.FeedSettleGraceMs));
        var feed = await ReadAllAsync(backend);

        withinGrace.Should().BeEmpty();

        feed.Should().Equal(new FeedEntry(1, "wallet/live", 1, "l1"));
        (await crashed.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.Fenced);
        (await ReadAllAsync(backend)).Should().Equal(feed);
        (await backend.ReadHeadPositionAsync(CancellationToken.None)).Should().Be(1);
    }

    [Fact]
    public async Task A_reader_waits_for_an_announced_attempt_within_its_grace_and_then_sees_it_committed()
    {
        var backend = await OpenAsync(new ManualClock());
        var slow = backend.StartAttempt(new AppendRequest("wallet/slow", 0, Events("s1"), []));
        await backend.AnnounceAsync([slow.Announcement], CancellationToken.None);

        var before = await ((ILedgerFeed)backend).ReadFeedAsync(0, 10, CancellationToken.None);
        (await slow.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.Appended);

        before.Should().BeEmpty();
        (await ReadAllAsync(backend)).Should().Equal(new FeedEntry(1, "wallet/slow", 1, "s1"));
    }

    private async Task<CosmosEventStoreBackend> OpenAsync(TimeProvider clock)
    {
        var backend = Track(new CosmosEventStoreBackend(_options, new StorageMetrics(CosmosLedgers.MeterFactory()), timeProvider: clock));
        await backend.InitializeAsync(CancellationToken.None);
        return backend;
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 7, 18, 21, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
