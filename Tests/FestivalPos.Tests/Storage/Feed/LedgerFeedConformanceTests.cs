using FestivalPos.Storage;
using FestivalPos.Storage.Feed;

namespace FestivalPos.Tests.Storage.Feed;

/// <summary>The ledger feed every backend must give: each append once, dense positions in commit order, no late holes.</summary>
public abstract class LedgerFeedConformanceTests : IAsyncLifetime
{
    private const int PageSize = 97;
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>Opens a backend on this test's database; every call opens the same database anew.</summary>
    protected abstract IEventStoreBackend CreateBackend();

    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        await DeleteDatabaseAsync();
    }

    [Fact]
    public async Task Every_append_appears_once_with_dense_positions_and_each_stream_in_version_order()
    {
        var backend = OpenBackend();
        var store = OpenStore(backend);
        var appended = await AppendConcurrentlyAsync(store, streams: 40, appendsPerStream: 15, seed: 7);

        var feed = await ReadAllAsync((ILedgerFeed)backend);

        feed.Select(entry => entry.Position).Should().Equal(Enumerable.Range(1, appended.Count).Select(position => (long)position));
        feed.Select(entry => (entry.StreamId, entry.Version, entry.Payload)).Should().BeEquivalentTo(appended);
        foreach (var stream in feed.GroupBy(entry => entry.StreamId))
        {
            stream.Select(entry => entry.Version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        }

        (await ((ILedgerFeed)backend).ReadHeadPositionAsync(CancellationToken.None)).Should().Be(appended.Count);
    }

    [Fact]
    public async Task A_reader_beside_concurrent_appenders_sees_every_position_in_order_and_never_a_hole_filled_later()
    {
        var backend = OpenBackend();
        var feed = (ILedgerFeed)backend;
        var store = OpenStore(backend);
        using var done = new CancellationTokenSource();
        var seen = new List<long>();
        var reader = Task.Run(async () =>
        {
            var after = 0L;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = await feed.ReadFeedAsync(after, PageSize, CancellationToken.None);
                seen.AddRange(page.Select(entry => entry.Position));
                after = page.Count > 0 ? page[^1].Position : after;
                if (finished && page.Count == 0)
                {
                    return;
                }
            }
        });

        var appended = await AppendConcurrentlyAsync(store, streams: 60, appendsPerStream: 20, seed: 11);
        await done.CancelAsync();
        await reader;

        seen.Should().Equal(Enumerable.Range(1, appended.Count).Select(position => (long)position));
    }

    [Fact]
    public async Task Refused_appends_take_no_position()
    {
        var backend = OpenBackend();
        var store = OpenStore(backend);
        await store.AppendAsync("wallet/a", 0, Events("a1"), [new IndexEntry("device/d/seqs", 1, "wallet/a")]);

        var stale = () => store.AppendAsync("wallet/a", 0, Events("stale"), []);
        var bound = () => store.AppendAsync("wallet/b", 0, Events("b1"), [new IndexEntry("device/d/seqs", 1, "wallet/b")]);
        await stale.Should().ThrowAsync<StreamVersionConflictException>();
        await bound.Should().ThrowAsync<IndexConflictException>();
        await store.AppendAsync("wallet/c", 0, Events("c1", "c2"), []);

        (await ReadAllAsync((ILedgerFeed)backend)).Should().Equal(
            new FeedEntry(1, "wallet/a", 1, "a1"), new FeedEntry(2, "wallet/c", 1, "c1"), new FeedEntry(3, "wallet/c", 2, "c2"));
    }

    [Fact]
    public async Task A_checkpoint_only_moves_up_and_outlives_the_backend()
    {
        var feed = (ILedgerFeed)OpenBackend();
        (await feed.ReadCheckpointAsync("pump", CancellationToken.None)).Should().Be(0);

        await feed.SaveCheckpointAsync("pump", 42, CancellationToken.None);
        await feed.SaveCheckpointAsync("pump", 17, CancellationToken.None);
        await feed.SaveCheckpointAsync("other", 3, CancellationToken.None);

        var reopened = (ILedgerFeed)OpenBackend();
        (await reopened.ReadCheckpointAsync("pump", CancellationToken.None)).Should().Be(42);
        (await reopened.ReadCheckpointAsync("other", CancellationToken.None)).Should().Be(3);
    }

    [Fact]
    public async Task A_read_answers_at_most_the_count_asked_from_the_position_after()
    {
        var backend = OpenBackend();
        var store = OpenStore(backend);
        await store.AppendAsync("wallet/a", 0, Events("a1", "a2", "a3", "a4", "a5"), []);

        var page = await ((ILedgerFeed)backend).ReadFeedAsync(2, 2, CancellationToken.None);

        page.Select(entry => entry.Position).Should().Equal(3, 4);
        (await ((ILedgerFeed)backend).ReadFeedAsync(5, 10, CancellationToken.None)).Should().BeEmpty();
    }

    protected IEventStoreBackend OpenBackend() => Track(CreateBackend());

    /// <summary>Disposes <paramref name="backend"/> with the test.</summary>
    protected T Track<T>(T backend)
        where T : IAsyncDisposable
    {
        _opened.Add(backend);
        return backend;
    }

    protected static EventToAppend[] Events(params string[] payloads) =>
        payloads.Select(payload => new EventToAppend(payload, $"hash-of-{payload}")).ToArray();

    protected static async Task<List<FeedEntry>> ReadAllAsync(ILedgerFeed feed)
    {
        var entries = new List<FeedEntry>();
        while (true)
        {
            var page = await feed.ReadFeedAsync(entries.Count == 0 ? 0 : entries[^1].Position, PageSize, CancellationToken.None);
            if (page.Count == 0)
            {
                return entries;
            }

            entries.AddRange(page);
        }
    }

    private GroupCommitEventStore OpenStore(IEventStoreBackend backend)
    {
        var store = new GroupCommitEventStore(backend, new GroupCommitOptions { MaxAppendsPerCommit = 16 });
        _opened.Add(store);
        return store;
    }

    /// <summary>
    /// Appends from one task per stream, one to three events at a time after a seeded pause of a few yields, with
    /// a stale retry now and then that must be refused. Answers what was appended.
    /// </summary>
    private static async Task<List<(string StreamId, long Version, string Payload)>> AppendConcurrentlyAsync(
        GroupCommitEventStore store, int streams, int appendsPerStream, int seed)
    {
        var appended = await Task.WhenAll(Enumerable.Range(0, streams).Select(stream => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + stream);
            var streamId = $"wallet/{stream}";
            var written = new List<(string StreamId, long Version, string Payload)>();
            for (var append = 0; append < appendsPerStream; append++)
            {
                for (var pause = random.Next(3); pause > 0; pause--)
                {
                    await Task.Yield();
                }

                var payloads = Enumerable.Range(0, random.Next(1, 4)).Select(i => $"{streamId}:{append}:{i}").ToArray();
                var version = written.Count;
                await store.AppendAsync(streamId, version, Events(payloads), []);
                written.AddRange(payloads.Select((payload, i) => (streamId, (long)version + i + 1, payload)));
                if (random.Next(5) == 0)
                {
                    var stale = () => store.AppendAsync(streamId, written.Count - 1, Events("stale"), []);
                    await stale.Should().ThrowAsync<StreamVersionConflictException>();
                }
            }

            return written;
        })));
        return appended.SelectMany(written => written).ToList();
    }
}
