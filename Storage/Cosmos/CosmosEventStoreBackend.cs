using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

/// <summary>
/// The ledger in Azure Cosmos DB, one logical partition per stream. Cosmos DB is atomic only within one
/// document here (no TransactionalBatch), so an append is one document, created at the id of its first
/// version: that create is the commit point and decides the version race. Its index positions live in
/// other partitions, so they are reserved first (<see cref="BindingReservations"/>) and count as bound
/// only once an owner's append document exists; an attempt that could still commit is fenced off by a
/// void at its append id before its reservation is taken over (<see cref="OwnerFencing"/>). The attempts of a
/// round are announced as one feed batch before any of them commits (<see cref="FeedBatches"/>).
/// </summary>
public sealed partial class CosmosEventStoreBackend : IEventStoreBackend
{
    /// <summary>
    /// The service key under which a <see cref="RequestHandler"/> registered in the container replaces the
    /// retry policy for 429 answers (by default: Retry-After honoured, attempts bounded by the options).
    /// </summary>
    public const string ThrottlingPolicyServiceKey = "FestivalPos.Storage.Cosmos.ThrottlingPolicy";

    /// <summary>Times one append is tried again after it was fenced off, before its outcome is left unknown.</summary>
    private const int MaxFencedAttempts = 5;

    private readonly CosmosStorageOptions _options;
    private readonly CosmosClient _client;
    private readonly LedgerContainer _container;
    private readonly OwnerFencing _fencing;
    private readonly BindingReservations _reservations;
    private readonly CachedInitialization _initialization;

    public CosmosEventStoreBackend(
        CosmosStorageOptions options, StorageMetrics metrics, RequestHandler? throttlingPolicy = null, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentAppends, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentCommits, 1);
        timeProvider ??= TimeProvider.System;
        _options = options;
        _client = CosmosClientFactory.Create(options, throttlingPolicy ?? ThrottlingRetryHandler.FromOptions(options, timeProvider));
        _container = new LedgerContainer(_client.GetContainer(options.DatabaseName, options.ContainerName), metrics);
        _holders = new LedgerContainer(_client.GetContainer(options.DatabaseName, options.HolderContainerName), metrics);
        _fencing = new OwnerFencing(_container);
        _reservations = new BindingReservations(_container, _fencing, TimeSpan.FromMilliseconds(options.ReservationGraceMs), timeProvider);
        _feed = new FeedBatches(_container, _fencing, TimeSpan.FromMilliseconds(options.FeedSettleGraceMs), timeProvider, options.MaxConcurrentAppends);
        _initialization = new CachedInitialization(() => CosmosLedgerSchema.CreateIfMissingAsync(_client, options, CancellationToken.None));
    }

    public int MaxConcurrentCommits => _options.MaxConcurrentCommits;

    public Task InitializeAsync(CancellationToken cancellationToken) => _initialization.EnsureAsync(cancellationToken);

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.PartitionKey = @stream AND c.kind = @kind AND c.last > @after")
            .WithParameter("@stream", streamId)
            .WithParameter("@kind", DocumentKind.Append)
            .WithParameter("@after", afterVersion);
        var appends = new List<StreamDocument>();
        await foreach (var found in _container.QueryAsync<StreamDocument>(query, streamId, cancellationToken))
        {
            appends.Add(found.Document);
        }

        var events = new List<RecordedEvent>();
        foreach (var append in appends.OrderBy(a => a.First))
        {
            for (var i = 0; i < append.Events!.Count; i++)
            {
                var version = append.First + i;
                if (version > afterVersion)
                {
                    events.Add(new RecordedEvent(version, append.Events[i].Payload, append.Events[i].Hash));
                }
            }
        }

        ThrowIfNotContiguous(streamId, afterVersion, events);
        return events;
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendBatchAsync(IReadOnlyList<AppendRequest> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        AppendBatchValidation.ThrowIfInvalid(batch);
        await InitializeAsync(cancellationToken);
        var outcomes = new Dictionary<AppendRequest, AppendOutcome>(ReferenceEqualityComparer.Instance);
        foreach (var round in BindingRounds.Split(batch))
        {
            var decided = await AppendRoundAsync(round, cancellationToken);
            for (var i = 0; i < round.Count; i++)
            {
                outcomes[round[i]] = decided[i];
            }
        }

        return new ReadOnlyCollection<AppendOutcome>(batch.Select(request => outcomes[request]).ToList());
    }

    public async Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var query = new QueryDefinition("SELECT * FROM c WHERE c.PartitionKey = @key AND c.kind = @kind AND c.position > @after")
            .WithParameter("@key", key)
            .WithParameter("@kind", DocumentKind.Binding)
            .WithParameter("@after", afterPosition);
        var reservations = new List<Stored<BindingDocument>>();
        await foreach (var found in _container.QueryAsync<BindingDocument>(query, key, cancellationToken))
        {
            reservations.Add(found);
        }

        var bound = new List<IndexEntry>();
        foreach (var reservation in reservations.OrderBy(r => r.Document.Position))
        {
            if (await _reservations.IsBoundAsync(reservation, cancellationToken))
            {
                bound.Add(new IndexEntry(key, reservation.Document.Position, reservation.Document.Value));
            }
        }

        return bound;
    }

    /// <summary>Every stream has an append starting at version 1; their names are matched ordinally (STARTSWITH is case-sensitive).</summary>
    public async IAsyncEnumerable<string> ListStreamsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        var query = new QueryDefinition("SELECT c.stream FROM c WHERE c.kind = @kind AND c.first = 1 AND STARTSWITH(c.stream, @prefix)")
            .WithParameter("@kind", DocumentKind.Append)
            .WithParameter("@prefix", prefix);
        await foreach (var found in _container.QueryAsync<StreamName>(query, partitionKey: null, cancellationToken))
        {
            yield return found.Document.Stream;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A new attempt at the request (under a new attempt id): tests drive one step by step to stop it where a crash would.</summary>
    internal AppendAttempt StartAttempt(AppendRequest request) => new(_container, _reservations, _fencing, request);

    /// <summary>Announces attempts as a feed batch, the step before they commit.</summary>
    internal Task<long> AnnounceAsync(IReadOnlyList<FeedAttempt> attempts, CancellationToken cancellationToken) =>
        _feed.AnnounceAsync(attempts, cancellationToken);

    /// <summary>
    /// The round's appends: those at their expected version are announced as one feed batch, then reserve their
    /// positions and commit at once. Those fenced off meanwhile are tried again as a new attempt, in a new batch.
    /// </summary>
    private async Task<AppendOutcome[]> AppendRoundAsync(IReadOnlyList<AppendRequest> round, CancellationToken cancellationToken)
    {
        var outcomes = new AppendOutcome?[round.Count];
        var parallelism = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentAppends, CancellationToken = cancellationToken };
        for (var tries = 1; ; tries++)
        {
            var open = Enumerable.Range(0, round.Count).Where(i => outcomes[i] is null).ToArray();
            if (open.Length == 0)
            {
                return outcomes.Select(outcome => outcome!.Value).ToArray();
            }

            if (tries > MaxFencedAttempts)
            {
                throw new InvalidOperationException($"The append to stream '{round[open[0]].StreamId}' was fenced off {MaxFencedAttempts} times by appends binding the same positions.");
            }

            var attempts = open.Select(i => StartAttempt(round[i])).ToArray();
            var decided = new AppendOutcome?[attempts.Length];
            await Parallel.ForAsync(0, attempts.Length, parallelism, async (i, token) =>
                decided[i] = await attempts[i].IsAtExpectedVersionAsync(token) ? null : AppendOutcome.VersionConflict);
            var ready = Enumerable.Range(0, attempts.Length).Where(i => decided[i] is null).ToArray();
            if (ready.Length > 0)
            {
                await AnnounceAsync(ready.Select(i => attempts[i].Announcement).ToList(), cancellationToken);
            }

            await Parallel.ForAsync(0, ready.Length, parallelism, async (r, token) => decided[ready[r]] = await ReserveAndCommitAsync(attempts[ready[r]], token));
            for (var i = 0; i < open.Length; i++)
            {
                outcomes[open[i]] = decided[i];
            }
        }
    }

    /// <summary>Reserves the positions and commits: the outcome, or null when the attempt was fenced off and must be tried again.</summary>
    private static async Task<AppendOutcome?> ReserveAndCommitAsync(AppendAttempt attempt, CancellationToken cancellationToken)
    {
        if (await attempt.ReserveAsync(cancellationToken) is not null)
        {
            await attempt.ReleaseAsync(cancellationToken);
            await attempt.WithdrawAsync(cancellationToken);
            return AppendOutcome.IndexConflict;
        }

        return await CommitAsync(attempt, cancellationToken);
    }

    /// <summary>Commits the attempt: its outcome, or null when it was fenced off and must be tried again.</summary>
    private static async Task<AppendOutcome?> CommitAsync(AppendAttempt attempt, CancellationToken cancellationToken)
    {
        var outcome = await attempt.CommitAsync(cancellationToken);
        if (outcome == CommitOutcome.Appended)
        {
            return AppendOutcome.Appended;
        }

        await attempt.ReleaseAsync(cancellationToken);
        return outcome == CommitOutcome.VersionConflict ? AppendOutcome.VersionConflict : null;
    }

    private static void ThrowIfNotContiguous(string streamId, long afterVersion, List<RecordedEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Version != afterVersion + 1 + i)
            {
                throw new InvalidDataException($"Stream '{streamId}' has a gap or an overlap at version {events[i].Version}.");
            }
        }
    }
}
