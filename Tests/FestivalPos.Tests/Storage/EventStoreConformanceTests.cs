using System.Text;
using FestivalPos.Storage;

namespace FestivalPos.Tests.Storage;

/// <summary>The behaviour every <see cref="IEventStoreBackend"/> must show, run against each database.</summary>
public abstract class EventStoreConformanceTests : IAsyncLifetime
{
    /// <summary>Binds a device's seqs to what was charged under them, as the ledger does.</summary>
    protected const string SeqsKey = "device/pos-1/seqs";

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
    public async Task Events_are_read_back_byte_for_byte()
    {
        var store = OpenStore(OpenBackend());
        var unicode = "{\"name\":\"Zoë 🎉 日本語 ﷽ e\u0301\",\"note\":\"tab\\t \\u0000 \\\"quoted\\\"\",\r\n \"trailing\" : [1, 2 ] }  ";
        var large = "{\"blob\":\"" + string.Concat(Enumerable.Range(0, 100 * 1024 / 16).Select(i => $"{i:x8}ü€𝄞")) + "\"}";
        Encoding.UTF8.GetByteCount(large).Should().BeGreaterThan(100 * 1024);

        await store.AppendAsync("wallet/unicode", 0, [new EventToAppend(unicode, "h1"), new EventToAppend(large, "h2")], []);

        var events = await store.ReadAsync("wallet/unicode", 0);
        events.Should().HaveCount(2);
        events[0].Should().Be(new RecordedEvent(1, unicode, "h1"));
        events[1].Version.Should().Be(2);
        Encoding.UTF8.GetBytes(events[1].Payload).Should().Equal(Encoding.UTF8.GetBytes(large));
        events[1].Hash.Should().Be("h2");
    }

    [Fact]
    public async Task Reading_after_a_version_returns_only_later_events_in_order()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("wallet/a", 0, Events("e1", "e2", "e3"), []);
        await store.AppendAsync("wallet/a", 3, Events("e4", "e5"), []);

        var events = await store.ReadAsync("wallet/a", 3);

        events.Select(e => (e.Version, e.Payload)).Should().Equal((4L, "e4"), (5L, "e5"));
        (await store.ReadAsync("wallet/a", 5)).Should().BeEmpty();
        (await store.ReadAsync("wallet/missing", 0)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_expected_version_conflict_leaves_the_stream_untouched()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("wallet/a", 0, Events("e1", "e2"), []);

        var stale = () => store.AppendAsync("wallet/a", 1, Events("stale"), []);
        var ahead = () => store.AppendAsync("wallet/a", 3, Events("ahead"), []);
        var missing = () => store.AppendAsync("wallet/never-created", 1, Events("orphan"), []);

        (await stale.Should().ThrowAsync<StreamVersionConflictException>()).Which.ExpectedVersion.Should().Be(1);
        await ahead.Should().ThrowAsync<StreamVersionConflictException>();
        await missing.Should().ThrowAsync<StreamVersionConflictException>();
        (await store.ReadAsync("wallet/a", 0)).Select(e => e.Payload).Should().Equal("e1", "e2");
        (await store.ReadAsync("wallet/never-created", 0)).Should().BeEmpty();
    }

    [Fact]
    public async Task Creating_a_stream_that_exists_conflicts()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("device/1", 0, Events("first"), []);

        var again = () => store.AppendAsync("device/1", 0, Events("second"), []);

        await again.Should().ThrowAsync<StreamVersionConflictException>();
        (await store.ReadAsync("device/1", 0)).Select(e => e.Payload).Should().Equal("first");
    }

    [Fact]
    public async Task Of_many_concurrent_appends_at_the_same_version_exactly_one_wins()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("wallet/contended", 0, Events("opened"), []);

        var attempts = Enumerable.Range(0, 64)
            .Select(i => TryAppendAsync(store, "wallet/contended", 1, $"attempt-{i}"))
            .ToArray();
        var results = await Task.WhenAll(attempts);

        results.Count(won => won).Should().Be(1);
        var events = await store.ReadAsync("wallet/contended", 0);
        events.Select(e => e.Version).Should().Equal(1, 2);
        events[1].Payload.Should().Be($"attempt-{Array.IndexOf(results, true)}");
    }

    [Fact]
    public async Task A_batch_commits_its_valid_requests_and_refuses_the_conflicting_ones()
    {
        var backend = OpenBackend();
        await backend.AppendBatchAsync([Request("s/existing", 0, "x1"), Request("s/taken", 0, "t1")], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync(
            [
                Request("s/new", 0, "n1", "n2"),
                Request("s/existing", 5, "wrong"),
                Request("s/taken", 0, "again"),
                Request("s/existing-too", 3, "missing"),
                Request("s/taken-next", 0, "tn1"),
            ],
            CancellationToken.None);
        var second = await backend.AppendBatchAsync(
            [Request("s/existing", 1, "x2", "x3"), Request("s/new", 1, "stale")], CancellationToken.None);

        outcomes.Should().Equal(
            AppendOutcome.Appended,
            AppendOutcome.VersionConflict,
            AppendOutcome.VersionConflict,
            AppendOutcome.VersionConflict,
            AppendOutcome.Appended);
        second.Should().Equal(AppendOutcome.Appended, AppendOutcome.VersionConflict);
        (await Payloads(backend, "s/new")).Should().Equal("n1", "n2");
        (await Payloads(backend, "s/existing")).Should().Equal("x1", "x2", "x3");
        (await Payloads(backend, "s/taken")).Should().Equal("t1");
        (await Payloads(backend, "s/existing-too")).Should().BeEmpty();
        (await Payloads(backend, "s/taken-next")).Should().Equal("tn1");
    }

    [Fact]
    public async Task Hundreds_of_concurrent_appends_on_different_streams_succeed_and_share_commits()
    {
        var store = OpenStore(OpenBackend());
        const int streams = 500;

        await Task.WhenAll(Enumerable.Range(0, streams).Select(i => store.AppendAsync($"wallet/{i}", 0, Events($"opened-{i}"), [])));
        await Task.WhenAll(Enumerable.Range(0, streams).Select(i => store.AppendAsync($"wallet/{i}", 1, Events($"paid-{i}"), [])));

        store.AppendCount.Should().Be(2 * streams);
        store.CommitCount.Should().BeLessThan(store.AppendCount);
        foreach (var i in new[] { 0, 123, streams - 1 })
        {
            (await store.ReadAsync($"wallet/{i}", 0)).Select(e => e.Payload).Should().Equal($"opened-{i}", $"paid-{i}");
        }

        var listed = new List<string>();
        await foreach (var id in store.ListStreamsAsync("wallet/"))
        {
            listed.Add(id);
        }

        listed.Should().HaveCount(streams);
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_backend()
    {
        var first = CreateBackend();
        await first.AppendBatchAsync([Request("wallet/durable", 0, "e1", "e2")], CancellationToken.None);
        await first.DisposeAsync();

        var reopened = OpenBackend();
        var outcomes = await reopened.AppendBatchAsync([Request("wallet/durable", 2, "e3")], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.Appended);
        (await Payloads(reopened, "wallet/durable")).Should().Equal("e1", "e2", "e3");
    }

    [Fact]
    public async Task Initializing_the_schema_again_or_from_two_backends_at_once_is_harmless()
    {
        var first = OpenBackend();
        var second = OpenBackend();
        await Task.WhenAll(first.InitializeAsync(CancellationToken.None), second.InitializeAsync(CancellationToken.None));
        await first.AppendBatchAsync([Request("wallet/kept", 0, "e1")], CancellationToken.None);

        await first.InitializeAsync(CancellationToken.None);
        var third = OpenBackend();
        await third.InitializeAsync(CancellationToken.None);

        (await Payloads(third, "wallet/kept")).Should().Equal("e1");
        (await Payloads(second, "wallet/kept")).Should().Equal("e1");
    }

    [Fact]
    public async Task Streams_are_listed_by_ordinal_prefix()
    {
        var backend = OpenBackend();
        string[] ids = ["wallet/1", "wallet/2", "wallet/é", "wallet/🎉", "wallets", "walle", "Wallet/3", "device/1", "wallet0"];
        await backend.AppendBatchAsync(ids.Select(id => Request(id, 0, "e")).ToArray(), CancellationToken.None);

        (await List(backend, "wallet/")).Should().BeEquivalentTo(["wallet/1", "wallet/2", "wallet/é", "wallet/🎉"]);
        (await List(backend, "wallet")).Should().BeEquivalentTo(["wallet/1", "wallet/2", "wallet/é", "wallet/🎉", "wallets", "wallet0"]);
        (await List(backend, "device/")).Should().Equal("device/1");
        (await List(backend, "nothing/")).Should().BeEmpty();
        (await List(backend, string.Empty)).Should().BeEquivalentTo(ids);
    }

    [Fact]
    public async Task Index_entries_are_committed_with_their_append_and_read_back_by_key_in_position_order()
    {
        var backend = OpenBackend();
        await backend.AppendBatchAsync([Request("wallet/a", 0, "opened"), Request("wallet/b", 0, "opened")], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync(
        [
            Indexed("wallet/a", 1, "paid-7", new IndexEntry("device/1/online", 7, "to-a"), new IndexEntry("device/2/online", 1, "other-device")),
            Indexed("wallet/b", 1, "paid-3", new IndexEntry("device/1/online", 3, "to-b-é🎉")),
        ], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.Appended, AppendOutcome.Appended);
        (await backend.ReadIndexAsync("device/1/online", 0, CancellationToken.None)).Should().Equal(
            new IndexEntry("device/1/online", 3, "to-b-é🎉"), new IndexEntry("device/1/online", 7, "to-a"));
        (await backend.ReadIndexAsync("device/1/online", 3, CancellationToken.None)).Select(e => e.Position).Should().Equal(7);
        (await backend.ReadIndexAsync("device/2/online", 0, CancellationToken.None)).Select(e => e.Value).Should().Equal("other-device");
        (await backend.ReadIndexAsync("device/3/online", 0, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_append_that_conflicts_writes_none_of_its_index_entries()
    {
        var backend = OpenBackend();
        await backend.AppendBatchAsync([Indexed("wallet/a", 0, "opened", new IndexEntry("device/1/online", 1, "first"))], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync(
        [
            Indexed("wallet/a", 0, "stale", new IndexEntry("device/1/online", 2, "lost")),
            Indexed("wallet/b", 0, "opened", new IndexEntry("device/1/online", 3, "lost-too"), new IndexEntry("device/1/online", 1, "second")),
        ], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.VersionConflict, AppendOutcome.IndexConflict);
        (await backend.ReadIndexAsync("device/1/online", 0, CancellationToken.None)).Should().Equal(new IndexEntry("device/1/online", 1, "first"));
        (await Payloads(backend, "wallet/b")).Should().BeEmpty();
    }

    [Fact]
    public async Task Binding_a_bound_position_to_another_value_fails_the_append_and_writes_nothing()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("wallet/a", 0, Events("opened-a"), [new IndexEntry(SeqsKey, 1, "to-a")]);
        await store.AppendAsync("wallet/b", 0, Events("opened-b"), []);
        var clashing = new IndexEntry(SeqsKey, 1, "to-b");

        var existing = () => store.AppendAsync("wallet/b", 1, Events("paid-b"), [new IndexEntry(SeqsKey, 2, "fresh"), clashing]);
        var created = () => store.AppendAsync("wallet/c", 0, Events("opened-c"), [clashing with { Value = "to-c" }]);
        var stale = () => store.AppendAsync("wallet/b", 0, Events("stale-b"), [clashing]);

        var refused = (await existing.Should().ThrowAsync<IndexConflictException>()).Which;
        refused.StreamId.Should().Be("wallet/b");
        refused.Entry.Should().Be(clashing);
        (await created.Should().ThrowAsync<IndexConflictException>()).Which.Entry.Should().Be(clashing with { Value = "to-c" });
        await stale.Should().ThrowAsync<StreamVersionConflictException>();
        (await store.ReadAsync("wallet/b", 0)).Select(e => e.Payload).Should().Equal("opened-b");
        (await store.ReadAsync("wallet/c", 0)).Should().BeEmpty();
        (await store.ReadIndexAsync(SeqsKey, 0)).Should().Equal(new IndexEntry(SeqsKey, 1, "to-a"));
        await store.AppendAsync("wallet/b", 1, Events("paid-b-elsewhere"), [new IndexEntry(SeqsKey, 2, "fresh")]);
        await store.AppendAsync("wallet/c", 0, Events("opened-c"), []);
        (await store.ReadIndexAsync(SeqsKey, 0)).Should().Equal(new IndexEntry(SeqsKey, 1, "to-a"), new IndexEntry(SeqsKey, 2, "fresh"));
    }

    [Fact]
    public async Task Binding_a_position_again_to_the_same_value_succeeds_and_it_stays_bound()
    {
        var store = OpenStore(OpenBackend());
        await store.AppendAsync("wallet/a", 0, Events("opened-a"), [new IndexEntry(SeqsKey, 1, "same")]);

        await store.AppendAsync("wallet/b", 0, Events("opened-b"), [new IndexEntry(SeqsKey, 1, "same"), new IndexEntry(SeqsKey, 2, "next")]);
        var other = () => store.AppendAsync("wallet/c", 0, Events("opened-c"), [new IndexEntry(SeqsKey, 1, "other")]);

        (await store.ReadAsync("wallet/b", 0)).Select(e => e.Payload).Should().Equal("opened-b");
        (await store.ReadIndexAsync(SeqsKey, 0)).Should().Equal(new IndexEntry(SeqsKey, 1, "same"), new IndexEntry(SeqsKey, 2, "next"));
        await other.Should().ThrowAsync<IndexConflictException>();
        (await store.ReadIndexAsync(SeqsKey, 0)).Should().Equal(new IndexEntry(SeqsKey, 1, "same"), new IndexEntry(SeqsKey, 2, "next"));
    }

    [Fact]
    public async Task In_one_batch_the_earlier_binding_of_a_position_wins_and_equal_bindings_both_succeed()
    {
        var backend = OpenBackend();

        var outcomes = await backend.AppendBatchAsync(
        [
            Indexed("wallet/first", 0, "first", new IndexEntry(SeqsKey, 1, "first")),
            Indexed("wallet/second", 0, "second", new IndexEntry(SeqsKey, 1, "second")),
            Indexed("wallet/same", 0, "same", new IndexEntry(SeqsKey, 1, "first"), new IndexEntry(SeqsKey, 2, "same")),
        ], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.Appended, AppendOutcome.IndexConflict, AppendOutcome.Appended);
        (await backend.ReadIndexAsync(SeqsKey, 0, CancellationToken.None)).Should().Equal(
            new IndexEntry(SeqsKey, 1, "first"), new IndexEntry(SeqsKey, 2, "same"));
        (await Payloads(backend, "wallet/first")).Should().Equal("first");
        (await Payloads(backend, "wallet/second")).Should().BeEmpty();
        (await Payloads(backend, "wallet/same")).Should().Equal("same");
    }

    [Fact]
    public async Task A_request_refused_in_a_batch_binds_nothing_for_the_requests_after_it()
    {
        var backend = OpenBackend();
        await backend.AppendBatchAsync([Indexed("wallet/bound", 0, "bound", new IndexEntry(SeqsKey, 1, "bound"))], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync(
        [
            Indexed("wallet/clashing", 0, "clashing", new IndexEntry(SeqsKey, 2, "clashing"), new IndexEntry(SeqsKey, 1, "clashing")),
            Indexed("wallet/stale", 4, "stale", new IndexEntry(SeqsKey, 3, "stale")),
            Indexed("wallet/stale-and-clashing", 4, "stale", new IndexEntry(SeqsKey, 1, "stale")),
            Indexed("wallet/after-clashing", 0, "after", new IndexEntry(SeqsKey, 2, "after-clashing")),
            Indexed("wallet/after-stale", 0, "after", new IndexEntry(SeqsKey, 3, "after-stale")),
            Indexed("wallet/last", 0, "last", new IndexEntry(SeqsKey, 3, "last")),
        ], CancellationToken.None);

        outcomes.Should().Equal(
            AppendOutcome.IndexConflict,
            AppendOutcome.VersionConflict,
            AppendOutcome.VersionConflict,
            AppendOutcome.Appended,
            AppendOutcome.Appended,
            AppendOutcome.IndexConflict);
        (await backend.ReadIndexAsync(SeqsKey, 0, CancellationToken.None)).Should().Equal(
            new IndexEntry(SeqsKey, 1, "bound"), new IndexEntry(SeqsKey, 2, "after-clashing"), new IndexEntry(SeqsKey, 3, "after-stale"));
        (await Payloads(backend, "wallet/clashing")).Should().BeEmpty();
        (await Payloads(backend, "wallet/last")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_append_binding_one_position_to_two_values_is_refused_as_a_mistake_without_failing_others()
    {
        var backend = OpenBackend();
        var store = OpenStore(backend);
        IndexEntry[] contradictory = [new IndexEntry(SeqsKey, 1, "one"), new IndexEntry(SeqsKey, 1, "other")];

        var throughTheStore = () => store.AppendAsync("wallet/a", 0, Events("opened"), contradictory);
        var inABatch = () => backend.AppendBatchAsync([new AppendRequest("wallet/a", 0, Events("opened"), contradictory)], CancellationToken.None);
        await Task.WhenAll(
            throughTheStore.Should().ThrowAsync<ArgumentException>(),
            store.AppendAsync("wallet/b", 0, Events("opened"), [new IndexEntry(SeqsKey, 2, "b"), new IndexEntry(SeqsKey, 2, "b")]));

        await inABatch.Should().ThrowAsync<ArgumentException>();
        (await store.ReadAsync("wallet/a", 0)).Should().BeEmpty();
        (await store.ReadIndexAsync(SeqsKey, 0)).Should().Equal(new IndexEntry(SeqsKey, 2, "b"));
    }

    [Fact]
    public async Task Of_concurrent_appends_binding_one_position_to_different_values_exactly_one_succeeds()
    {
        const int pairs = 200;
        var store = OpenStore(OpenBackend(), new GroupCommitOptions { MaxAppendsPerCommit = 8 });
        var random = new Random(20_240_611);
        var appends = Enumerable.Range(0, pairs)
            .SelectMany(seq => new[] { $"wallet/a{seq}", $"wallet/b{seq}" }.Select(streamId => (StreamId: streamId, Entry: new IndexEntry(SeqsKey, seq, streamId))))
            .OrderBy(_ => random.Next())
            .ToArray();

        var succeeded = await Task.WhenAll(appends.Select(append => TryBindAsync(store, append.StreamId, append.Entry)));

        var winners = appends.Where((_, i) => succeeded[i]).ToDictionary(append => append.Entry.Position, append => append.StreamId);
        winners.Keys.Should().BeEquivalentTo(Enumerable.Range(0, pairs).Select(seq => (long)seq), "one append of each pair succeeded");
        succeeded.Count(won => won).Should().Be(pairs, "never both of a pair");
        (await store.ReadIndexAsync(SeqsKey, -1)).Should().Equal(winners.OrderBy(w => w.Key).Select(w => new IndexEntry(SeqsKey, w.Key, w.Value)));
        foreach (var (streamId, entry) in appends)
        {
            (await store.ReadAsync(streamId, 0)).Should().HaveCount(winners[entry.Position] == streamId ? 1 : 0);
        }
    }

    [Fact]
    public async Task Index_entries_pass_through_the_group_commit_store()
    {
        var store = OpenStore(OpenBackend());

        await store.AppendAsync("wallet/a", 0, Events("opened"), [new IndexEntry("device/9/online", 5, "v")]);

        (await store.ReadIndexAsync("device/9/online", 0)).Should().Equal(new IndexEntry("device/9/online", 5, "v"));
    }

    protected IEventStoreBackend OpenBackend()
    {
        var backend = CreateBackend();
        _opened.Add(backend);
        return backend;
    }

    protected GroupCommitEventStore OpenStore(IEventStoreBackend backend, GroupCommitOptions? options = null)
    {
        var store = new GroupCommitEventStore(backend, options ?? new GroupCommitOptions());
        _opened.Add(store);
        return store;
    }

    protected static EventToAppend[] Events(params string[] payloads) =>
        payloads.Select(p => new EventToAppend(p, $"hash-of-{p}")).ToArray();

    private static AppendRequest Request(string streamId, long expectedVersion, params string[] payloads) =>
        new(streamId, expectedVersion, Events(payloads), []);

    protected static AppendRequest Indexed(string streamId, long expectedVersion, string payload, params IndexEntry[] index) =>
        new(streamId, expectedVersion, Events(payload), index);

    private static async Task<bool> TryAppendAsync(IEventStore store, string streamId, long expectedVersion, string payload)
    {
        try
        {
            await store.AppendAsync(streamId, expectedVersion, Events(payload), []);
            return true;
        }
        catch (StreamVersionConflictException)
        {
            return false;
        }
    }

    /// <summary>True when the append went through, false when its entry's position was bound to another value.</summary>
    private static async Task<bool> TryBindAsync(IEventStore store, string streamId, IndexEntry entry)
    {
        try
        {
            await store.AppendAsync(streamId, 0, Events($"bound-{entry.Position}"), [entry]);
            return true;
        }
        catch (IndexConflictException conflict) when (conflict.Entry == entry)
        {
            return false;
        }
    }

    protected static async Task<IReadOnlyList<string>> Payloads(IEventStoreBackend backend, string streamId) =>
        (await backend.ReadAsync(streamId, 0, CancellationToken.None)).Select(e => e.Payload).ToList();

    private static async Task<List<string>> List(IEventStoreBackend backend, string prefix)
    {
        var ids = new List<string>();
        await foreach (var id in backend.ListStreamsAsync(prefix, CancellationToken.None))
        {
            ids.Add(id);
        }

        return ids;
    }
}
