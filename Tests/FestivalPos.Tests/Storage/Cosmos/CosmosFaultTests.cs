using System.Net;
using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Storage.Cosmos;

/// <summary>
/// The Cosmos DB ledger when Cosmos DB misbehaves as it does under load: 429 storms, timeouts whose write landed,
/// and two activations of one wallet racing through two clients. The faults come from handlers in the SDK's
/// pipeline (where a throttling policy plugs in); the requests they let through reach the local server.
/// </summary>
public sealed class CosmosFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int StormStreams = 24;
    private const int StormAppendsPerStream = 8;
    private const int StormDevices = 4;
    private const double StormThrottledShare = 0.2;
    private const int StormSeed = 20_261_130;

    private static readonly HashChain Chain = new(RandomNumberGenerator.GetBytes(32));
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();
    private readonly List<IAsyncDisposable> _opened = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var opened in Enumerable.Reverse(_opened))
        {
            await opened.DisposeAsync();
        }

        await CosmosLedgers.DeleteAsync(_options);
    }

    [Fact]
    public async Task A_storm_of_429s_loses_no_append_doubles_none_and_binds_every_index_position_once()
    {
        var storm = new ThrottlingStorm(StormThrottledShare, StormSeed, ThrottlingRetryHandler.FromOptions(_options, TimeProvider.System));
        var store = await OpenStoreAsync(storm);

        var unknownOutcomes = await Task.WhenAll(Enumerable.Range(0, StormStreams).Select(stream => AppendThroughTheStormAsync(store, stream)));

        foreach (var stream in Enumerable.Range(0, StormStreams))
        {
            (await ReadUntilAnsweredAsync(() => store.ReadAsync(StormStream(stream), 0))).Should()
                .Equal(Enumerable.Range(0, StormAppendsPerStream).Select(version => StormEvent(stream, version)), "each append is stored once, at its version");
        }

        foreach (var device in Enumerable.Range(0, StormDevices))
        {
            var expected = Enumerable.Range(0, StormStreams).Where(stream => stream % StormDevices == device)
                .SelectMany(stream => Enumerable.Range(0, StormAppendsPerStream).Select(version => StormBinding(stream, version)))
                .OrderBy(entry => entry.Position);
            (await ReadUntilAnsweredAsync(() => store.ReadIndexAsync(StormKey(device), 0))).Should().Equal(expected, "each position is bound once, to its append's value");
        }

        storm.Throttled.Should().BeGreaterThan(StormStreams * StormAppendsPerStream / 2, "the storm throttled many requests");
        output.WriteLine($"{storm.Throttled} requests answered 429, {storm.Passed} let through; {unknownOutcomes.Sum()} appends with an unknown outcome looked for and settled");
    }

    [Fact]
    public async Task A_charge_whose_create_landed_but_timed_out_is_found_on_reload_and_answered_once()
    {
        var timeouts = new TimeoutAfterAppendCreated();
        var store = await OpenStoreAsync(timeouts);
        var walletId = NewId("w");
        var wallet = await FundedWalletAsync(store, walletId, 1000);

        timeouts.Arm();
        var result = await wallet.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));

        timeouts.Lost.Should().Be(1, "the append document was created and its answer replaced by a timeout");
        result.Should().Be(new ChargeResult("d-1:1", ChargeOutcome.Approved, null, 700, false));
        var reloaded = await ReloadAsync(store, walletId);
        reloaded.Balance.Should().Be(700);
        reloaded.Entries.Where(entry => entry.Kind == EntryKind.Charge).Should().ContainSingle("the charge the caller never heard about is stored once");
    }

    [Fact]
    public async Task Two_activations_of_one_wallet_on_two_clients_never_both_spend_the_same_money()
    {
        var walletId = NewId("w");
        var first = await FundedWalletAsync(await OpenStoreAsync(), walletId, 100);
        var second = WalletStream(await OpenStoreAsync(), walletId);
        await second.RefreshAsync();

        var results = await Task.WhenAll(
            first.DecideAsync(state => Online(state, Charge(walletId, 1, 100))),
            second.DecideAsync(state => Online(state, Charge(walletId, 2, 100))));

        results.Select(result => result.Outcome).Should().BeEquivalentTo([ChargeOutcome.Approved, ChargeOutcome.Declined],
            "the writer whose append comes second finds the version taken, reloads and decides again on the real balance");
        results.Single(result => result.Outcome == ChargeOutcome.Declined).Reason.Should().Be(DeclineReason.InsufficientFunds);
        (await ReloadAsync(await OpenStoreAsync(), walletId)).Balance.Should().Be(0);
    }

    /// <summary>Appends the stream's events one by one; an append whose outcome is unknown is looked for and, if absent, sent again.</summary>
    private static async Task<int> AppendThroughTheStormAsync(IEventStore store, int stream)
    {
        var unknown = 0;
        for (var version = 0; version < StormAppendsPerStream; version++)
        {
            var appended = StormEvent(stream, version);
            while (true)
            {
                try
                {
                    await store.AppendAsync(StormStream(stream), version, [new EventToAppend(appended.Payload, appended.Hash)], [StormBinding(stream, version)]);
                    break;
                }
                catch (Exception exception) when (exception is not IndexConflictException)
                {
                    unknown++;
                    var stored = await ReadUntilAnsweredAsync(() => store.ReadAsync(StormStream(stream), version));
                    if (stored.Count > 0)
                    {
                        stored[0].Should().Be(appended, "a version taken while the outcome was unknown is this append's");
                        break;
                    }
                }
            }
        }

        return unknown;
    }

    /// <summary>A read the storm throttled past the policy's attempts is asked again.</summary>
    private static async Task<T> ReadUntilAnsweredAsync<T>(Func<Task<T>> read)
    {
        while (true)
        {
            try
            {
                return await read();
            }
            catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.TooManyRequests)
            {
            }
        }
    }

    private static string StormStream(int stream) => $"wallet/storm-{stream}";

    private static string StormKey(int device) => $"device/storm-{device}/seqs";

    private static RecordedEvent StormEvent(int stream, int version) =>
        new(version + 1, $"{{\"stream\":{stream},\"version\":{version + 1}}}", $"hash-{stream}-{version + 1}");

    private static IndexEntry StormBinding(int stream, int version) => new(StormKey(stream % StormDevices), stream * 100 + version + 1, $"stream-{stream}");

    private async Task<IEventStore> OpenStoreAsync(RequestHandler? policy = null)
    {
        var backend = new CosmosEventStoreBackend(_options, new StorageMetrics(CosmosLedgers.MeterFactory()), policy);
        _opened.Add(backend);
        await backend.InitializeAsync(CancellationToken.None);
        var store = new GroupCommitEventStore(backend, new GroupCommitOptions());
        _opened.Add(store);
        return store;
    }

    private static EventStream<WalletState, WalletEvent> WalletStream(IEventStore store, string walletId) =>
        new(store, Chain, WalletGrain.StreamId(walletId), new WalletState());

    private static async Task<EventStream<WalletState, WalletEvent>> FundedWalletAsync(IEventStore store, string walletId, long amount)
    {
        var stream = WalletStream(store, walletId);
        await stream.DecideAsync(_ => new Decision<WalletEvent, bool>([new WalletCreated(DateTimeOffset.UtcNow)], true));
        await stream.DecideAsync(state => WalletRules.DecideTopUp(state, new TopUpRequest("t", walletId, amount), new WalletLimitsOptions(), DateTimeOffset.UtcNow));
        return stream;
    }

    private static async Task<WalletState> ReloadAsync(IEventStore store, string walletId)
    {
        var stream = WalletStream(store, walletId);
        await stream.RefreshAsync();
        return stream.State;
    }

    private static OnlineCharge Charge(string walletId, long seq, long amount) => Nfc("d-1", seq, walletId, amount, "uid");

    private static Decision<WalletEvent, ChargeResult> Online(WalletState state, OnlineCharge charge) =>
        WalletRules.DecideOnline(state, charge, ChargeTerms.Of(charge.DeviceId, charge.Seq, charge.WalletId, charge.Amount, charge.CreatedAt, charge.Credential),
            new CredentialCheck(true, null), DateTimeOffset.UtcNow);

    /// <summary>
    /// The default 429 policy over a Cosmos DB that answers a seeded share of requests 429 before they reach it,
    /// as an overloaded partition does. It sits in the SDK's pipeline where the policy sits.
    /// </summary>
    private sealed class ThrottlingStorm : RequestHandler
    {
        private readonly double _share;
        private readonly Random _random;
        private readonly RequestHandler _policy;
        private int _throttled;
        private int _passed;

        public ThrottlingStorm(double share, int seed, RequestHandler policy)
        {
            _share = share;
            _random = new Random(seed);
            _policy = policy;
            _policy.InnerHandler = new Throttle(this);
        }

        public int Throttled => Volatile.Read(ref _throttled);

        public int Passed => Volatile.Read(ref _passed);

        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken) => _policy.SendAsync(request, cancellationToken);

        private async Task<ResponseMessage> ThrottleOrPassAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            bool throttle;
            lock (_random)
            {
                throttle = _random.NextDouble() < _share;
            }

            if (throttle)
            {
                Interlocked.Increment(ref _throttled);
                var throttled = new ResponseMessage(HttpStatusCode.TooManyRequests, request);
                throttled.Headers[ThrottlingRetryHandler.RetryAfterHeader] = "5";
                return throttled;
            }

            Interlocked.Increment(ref _passed);
            return await base.SendAsync(request, cancellationToken);
        }

        private sealed class Throttle(ThrottlingStorm storm) : RequestHandler
        {
            public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken) =>
                storm.ThrottleOrPassAsync(request, cancellationToken);
        }
    }

    /// <summary>Once armed, lets the next create of an append document reach Cosmos DB, then answers its caller 408 (request timeout).</summary>
    private sealed class TimeoutAfterAppendCreated : RequestHandler
    {
        private int _armed;
        private int _lost;

        public int Lost => Volatile.Read(ref _lost);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            var isAppend = request.Method == HttpMethod.Post && await BodyContainsAsync(request, "\"kind\":\"append\"", cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (isAppend && response.StatusCode == HttpStatusCode.Created && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                response.Dispose();
                Interlocked.Increment(ref _lost);
                return new ResponseMessage(HttpStatusCode.RequestTimeout, request, "The answer was lost after the write.");
            }

            return response;
        }

        private static async Task<bool> BodyContainsAsync(RequestMessage request, string text, CancellationToken cancellationToken)
        {
            if (request.Content is not { CanSeek: true } content)
            {
                return false;
            }

            using var reader = new StreamReader(content, leaveOpen: true);
            var body = await reader.ReadToEndAsync(cancellationToken);
            content.Seek(0, SeekOrigin.Begin);
            return body.Contains(text, StringComparison.Ordinal);
        }
    }
}
