using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;

namespace FestivalPos.Tests.Storage.Cosmos;

/// <summary>
/// The index reservations of the Cosmos DB backend when appends crash or race: an append is driven step by
/// step (<see cref="CosmosEventStoreBackend.StartAttempt"/>) and stopped where a crashed silo would stop.
/// </summary>
public sealed class CosmosFencingTests : IAsyncLifetime
{
    private const string Key = "device/pos-1/seqs";

    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();
    private readonly List<CosmosEventStoreBackend> _backends = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }

        await CosmosLedgers.DeleteAsync(_options);
    }

    [Fact]
    public async Task An_append_that_crashed_after_reserving_is_fenced_off_and_can_never_commit_afterwards()
    {
        var backend = await OpenAsync();
        var crashed = backend.StartAttempt(Append("wallet/crashed", 0, Bind(1, "crashed")));
        (await crashed.IsAtExpectedVersionAsync(CancellationToken.None)).Should().BeTrue();
        (await crashed.ReserveAsync(CancellationToken.None)).Should().BeNull();

        var next = await (await OpenAsync()).AppendBatchAsync([Append("wallet/next", 0, Bind(1, "next"))], CancellationToken.None);
        var lateCommit = await crashed.CommitAsync(CancellationToken.None);

        next.Should().Equal(AppendOutcome.Appended);
        lateCommit.Should().Be(CommitOutcome.Fenced);
        (await backend.ReadAsync("wallet/crashed", 0, CancellationToken.None)).Should().BeEmpty();
        (await backend.ReadIndexAsync(Key, 0, CancellationToken.None)).Should().Equal(Bind(1, "next"));
        var crashedAgain = await backend.AppendBatchAsync([Append("wallet/crashed", 0, Bind(1, "crashed"))], CancellationToken.None);
        crashedAgain.Should().Equal(AppendOutcome.IndexConflict);
    }

    [Fact]
    public async Task The_void_left_by_a_fence_gives_way_to_the_next_append_at_that_version_and_readers_skip_it()
    {
        var backend = await OpenAsync();
        var crashed = backend.StartAttempt(Append("wallet/a", 0, Bind(1, "a")));
        await crashed.ReserveAsync(CancellationToken.None);
        await backend.AppendBatchAsync([Append("wallet/b", 0, Bind(1, "b"))], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync([Append("wallet/a", 0), Append("wallet/b", 1)], CancellationToken.None);
        var more = await backend.AppendBatchAsync([Append("wallet/a", 1)], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.Appended, AppendOutcome.Appended);
        more.Should().Equal(AppendOutcome.Appended);
        (await backend.ReadAsync("wallet/a", 0, CancellationToken.None)).Select(e => (e.Version, e.Payload)).Should().Equal((1L, "wallet/a@0"), (2L, "wallet/a@1"));
        (await crashed.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.VersionConflict);
        (await backend.ListStreamsAsync("wallet/", CancellationToken.None).ToListAsync()).Should().BeEquivalentTo(["wallet/a", "wallet/b"]);
    }

    [Fact]
    public async Task A_commit_sent_again_after_its_answer_was_lost_finds_its_own_append_and_another_attempt_does_not()
    {
        var backend = await OpenAsync();
        var request = Append("wallet/a", 0, Bind(4, "a"));
        var attempt = backend.StartAttempt(request);
        await attempt.ReserveAsync(CancellationToken.None);
        await attempt.CommitAsync(CancellationToken.None);

        var sentAgain = await attempt.CommitAsync(CancellationToken.None);
        var another = backend.StartAttempt(request);

        sentAgain.Should().Be(CommitOutcome.Appended);
        (await another.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.VersionConflict);
        (await backend.ReadAsync("wallet/a", 0, CancellationToken.None)).Should().ContainSingle();
        (await backend.ReadIndexAsync(Key, 0, CancellationToken.None)).Should().Equal(Bind(4, "a"));
    }

    [Fact]
    public async Task A_reservation_counts_as_bound_only_once_its_owner_commits_and_then_refuses_other_values()
    {
        var backend = await OpenAsync();
        var holder = backend.StartAttempt(Append("wallet/holder", 0, Bind(7, "holder")));
        await holder.ReserveAsync(CancellationToken.None);

        var beforeCommit = await backend.ReadIndexAsync(Key, 0, CancellationToken.None);
        (await holder.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.Appended);
        var afterCommit = await backend.ReadIndexAsync(Key, 0, CancellationToken.None);
        var other = await backend.AppendBatchAsync([Append("wallet/other", 0, Bind(7, "other"))], CancellationToken.None);

        beforeCommit.Should().BeEmpty();
        afterCommit.Should().Equal(Bind(7, "holder"));
        other.Should().Equal(AppendOutcome.IndexConflict);
        (await backend.ReadAsync("wallet/other", 0, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Two_streams_binding_the_same_value_both_commit_and_a_late_owner_of_that_value_still_may()
    {
        var backend = await OpenAsync();
        var late = backend.StartAttempt(Append("wallet/late", 0, Bind(3, "shared")));
        await late.ReserveAsync(CancellationToken.None);
        var first = backend.StartAttempt(Append("wallet/first", 0, Bind(3, "shared")));
        var second = backend.StartAttempt(Append("wallet/second", 0, Bind(3, "shared")));

        await Task.WhenAll(first.ReserveAsync(CancellationToken.None), second.ReserveAsync(CancellationToken.None));
        var commits = await Task.WhenAll(first.CommitAsync(CancellationToken.None), second.CommitAsync(CancellationToken.None));
        var different = await backend.AppendBatchAsync([Append("wallet/different", 0, Bind(3, "different"))], CancellationToken.None);

        commits.Should().Equal(CommitOutcome.Appended, CommitOutcome.Appended);
        different.Should().Equal(AppendOutcome.IndexConflict);
        (await backend.ReadIndexAsync(Key, 0, CancellationToken.None)).Should().Equal(Bind(3, "shared"));
        (await late.CommitAsync(CancellationToken.None)).Should().Be(CommitOutcome.Appended, "binding the bound value again takes nothing from anyone");
    }

    [Fact]
    public async Task In_a_batch_a_request_refused_in_the_middle_leaves_the_positions_it_reserved_to_the_requests_after_it()
    {
        var backend = await OpenAsync();
        await backend.AppendBatchAsync([Append("wallet/bound", 0, Bind(1, "bound"))], CancellationToken.None);

        var outcomes = await backend.AppendBatchAsync(
        [
            Append("wallet/before", 0, Bind(2, "before")),
            Append("wallet/middle", 0, Bind(3, "middle"), Bind(1, "middle")),
            Append("wallet/after", 0, Bind(3, "after"), Bind(2, "before")),
        ], CancellationToken.None);

        outcomes.Should().Equal(AppendOutcome.Appended, AppendOutcome.IndexConflict, AppendOutcome.Appended);
        (await backend.ReadIndexAsync(Key, 0, CancellationToken.None)).Should().Equal(Bind(1, "bound"), Bind(2, "before"), Bind(3, "after"));
        (await backend.ReadAsync("wallet/middle", 0, CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Of_two_silos_binding_one_position_to_different_values_at_once_exactly_one_wins_every_time()
    {
        const int pairs = 100;
        var left = await OpenAsync();
        var right = await OpenAsync();

        var races = Enumerable.Range(1, pairs).Select(async position =>
        {
            var outcomes = await Task.WhenAll(
                left.AppendBatchAsync([Append($"wallet/left-{position}", 0, Bind(position, "left"))], CancellationToken.None),
                right.AppendBatchAsync([Append($"wallet/right-{position}", 0, Bind(position, "right"))], CancellationToken.None));
            return (Position: position, Left: outcomes[0].Single(), Right: outcomes[1].Single());
        });
        var results = await Task.WhenAll(races);

        foreach (var (position, leftOutcome, rightOutcome) in results)
        {
            new[] { leftOutcome, rightOutcome }.Should().BeEquivalentTo([AppendOutcome.Appended, AppendOutcome.IndexConflict], $"position {position}");
        }

        var bound = await left.ReadIndexAsync(Key, 0, CancellationToken.None);
        bound.Should().Equal(results.Select(r => Bind(r.Position, r.Left == AppendOutcome.Appended ? "left" : "right")));
        foreach (var (position, leftOutcome, _) in results)
        {
            (await right.ReadAsync($"wallet/left-{position}", 0, CancellationToken.None)).Should().HaveCount(leftOutcome == AppendOutcome.Appended ? 1 : 0);
            (await right.ReadAsync($"wallet/right-{position}", 0, CancellationToken.None)).Should().HaveCount(leftOutcome == AppendOutcome.Appended ? 0 : 1);
        }
    }

    /// <summary>A backend on this test's ledger, its database and container created.</summary>
    private async Task<CosmosEventStoreBackend> OpenAsync()
    {
        var backend = CosmosLedgers.Open(_options);
        _backends.Add(backend);
        await backend.InitializeAsync(CancellationToken.None);
        return backend;
    }

    private static IndexEntry Bind(long position, string value) => new(Key, position, value);

    private static AppendRequest Append(string streamId, long expectedVersion, params IndexEntry[] index) =>
        new(streamId, expectedVersion, [new EventToAppend($"{streamId}@{expectedVersion}", "hash")], index);
}
