using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage.Feed;
using FestivalPos.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Ledger;

/// <summary>The wallet's stream on its own, without a cluster: two writers, tampering, recorded balances.</summary>
public sealed class EventStreamTests : IAsyncLifetime
{
    private readonly TemporarySqliteStore _sqlite = new();

    [Fact]
    public async Task Two_activations_of_one_wallet_never_both_spend_the_same_money()
    {
        var walletId = NewId("w");
        var first = await FundedWalletAsync(walletId, 100);
        var second = Stream(walletId);
        await second.RefreshAsync();

        var firstResult = await first.DecideAsync(state => Online(state, Charge(walletId, 1, 100)));
        var secondResult = await second.DecideAsync(state => Online(state, Charge(walletId, 2, 100)));

        firstResult.Outcome.Should().Be(ChargeOutcome.Approved);
        secondResult.Should().Be(new ChargeResult("d-1:2", ChargeOutcome.Declined, DeclineReason.InsufficientFunds, 0, false),
            "the second writer's append conflicts, so it reloads and decides again on the real balance");
        second.State.Balance.Should().Be(0);
        (await Reload(walletId)).Balance.Should().Be(0);
    }

    [Fact]
    public async Task Tampering_with_a_stored_entry_breaks_the_chain_at_that_entry()
    {
        var walletId = NewId("w");
        var stream = await FundedWalletAsync(walletId, 1000);
        await stream.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));
        (await WalletChainVerifier.VerifyAsync(_sqlite.Store, Chain, walletId, 700)).IsValid.Should().BeTrue();

        await ExecuteAsync($"UPDATE ledger_events SET payload = replace(payload, '\"amount\":300', '\"amount\":30') WHERE stream_id = 'wallet/{walletId}' AND version = 3");

        var verification = await WalletChainVerifier.VerifyAsync(_sqlite.Store, Chain, walletId, 700);
        verification.IsValid.Should().BeFalse();
        verification.FirstInvalidVersion.Should().Be(3);
        await FluentActions.Awaiting(() => Stream(walletId).RefreshAsync()).Should().ThrowAsync<LedgerCorruptionException>();
    }

    [Fact]
    public async Task A_forgery_rehashed_without_the_key_is_caught_at_the_edited_event()
    {
        var walletId = NewId("w");
        var stream = await FundedWalletAsync(walletId, 1000);
        await stream.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));
        var events = await _sqlite.Store.ReadAsync(WalletGrain.StreamId(walletId), 0);
        var forged = events[2].Payload.Replace("\"amount\":300", "\"amount\":30").Replace("\"balanceAfter\":700", "\"balanceAfter\":970");
        var rehashed = new HashChain(RandomNumberGenerator.GetBytes(32)).Next(events[1].Hash, 3, forged);

        await ExecuteAsync($"UPDATE ledger_events SET payload = '{forged}', hash = '{rehashed}' WHERE stream_id = 'wallet/{walletId}' AND version = 3");

        var verification = await WalletChainVerifier.VerifyAsync(_sqlite.Store, Chain, walletId);
        verification.IsValid.Should().BeFalse("whoever writes the database cannot compute the links without the master key");
        verification.FirstInvalidVersion.Should().Be(3);
        verification.Problem.Should().Contain("hash");
    }

    [Fact]
    public async Task A_forgery_rehashed_with_the_key_is_still_caught_by_the_balances_it_records()
    {
        var walletId = NewId("w");
        var stream = await FundedWalletAsync(walletId, 1000);
        await stream.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));
        var events = await _sqlite.Store.ReadAsync(WalletGrain.StreamId(walletId), 0);
        var forged = events[2].Payload.Replace("\"amount\":300", "\"amount\":30");
        var rehashed = Chain.Next(events[1].Hash, 3, forged);

        await ExecuteAsync($"UPDATE ledger_events SET payload = '{forged}', hash = '{rehashed}' WHERE stream_id = 'wallet/{walletId}' AND version = 3");

        var verification = await WalletChainVerifier.VerifyAsync(_sqlite.Store, Chain, walletId);
        verification.IsValid.Should().BeFalse();
        verification.Problem.Should().Contain("balance");
    }

    [Fact]
    public async Task The_ledger_verifier_checks_every_stream_and_names_the_one_edited()
    {
        var walletId = NewId("w");
        var stream = await FundedWalletAsync(walletId, 1000);
        await stream.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));
        var other = FirstValueStream.Open<string>(_sqlite.Store, Chain, $"wristband/{NewId("uid")}");
        await other.GetOrSetAsync(walletId, DateTimeOffset.UtcNow);

        var clean = await LedgerVerifier.VerifyAsync(_sqlite.Store, _sqlite.Backend, Chain, CancellationToken.None);
        await ExecuteAsync($"UPDATE ledger_events SET payload = replace(payload, '{walletId}', 'w-thief') WHERE stream_id = '{other.StreamId}'");
        var edited = await LedgerVerifier.VerifyAsync(_sqlite.Store, _sqlite.Backend, Chain, CancellationToken.None);
        var withoutKey = await LedgerVerifier.VerifyAsync(_sqlite.Store, _sqlite.Backend, new HashChain(RandomNumberGenerator.GetBytes(32)), CancellationToken.None);

        clean.Should().Match<LedgerVerification>(v => v.IsValid && v.Streams == 2 && v.Events == 4);
        edited.Broken.Should().ContainSingle().Which.Should().Be(new BrokenStream(other.StreamId, 1, "hash does not match the event and the hash before it"));
        withoutKey.Broken.Should().HaveCount(2, "the links cannot be checked, nor made, without the master key");
    }

    [Fact]
    public async Task The_ledger_verifier_finds_a_forgery_rehashed_without_the_key_in_a_stream_without_balances()
    {
        var walletId = NewId("w");
        await FundedWalletAsync(walletId, 1000);
        var wristband = FirstValueStream.Open<string>(_sqlite.Store, Chain, $"wristband/{NewId("uid")}");
        await wristband.GetOrSetAsync(walletId, DateTimeOffset.UtcNow);
        var stored = (await _sqlite.Store.ReadAsync(wristband.StreamId, 0)).Single();
        var forged = stored.Payload.Replace(walletId, "w-thief");
        var thiefChain = new HashChain(RandomNumberGenerator.GetBytes(32));
        var rehashed = thiefChain.Next(thiefChain.Genesis(wristband.StreamId), 1, forged);

        await ExecuteAsync($"UPDATE ledger_events SET payload = '{forged}', hash = '{rehashed}' WHERE stream_id = '{wristband.StreamId}' AND version = 1");

        var verification = await LedgerVerifier.VerifyAsync(_sqlite.Store, _sqlite.Backend, Chain, CancellationToken.None);
        verification.Broken.Should().ContainSingle().Which.Should().Be(new BrokenStream(wristband.StreamId, 1, "hash does not match the event and the hash before it"),
            "a stream with no balances to re-check rests on the keyed links alone");
    }

    [Fact]
    public async Task A_wallets_latest_charge_deleted_leaves_a_valid_chain_but_a_hole_in_the_ledger_feed()
    {
        var walletId = NewId("w");
        var stream = await FundedWalletAsync(walletId, 1000);
        await stream.DecideAsync(state => Online(state, Charge(walletId, 1, 300)));
        await FundedWalletAsync(NewId("w"), 50);
        var charge = (await _sqlite.Backend.ReadFeedAsync(0, 100, CancellationToken.None)).Single(e => e.StreamId == WalletGrain.StreamId(walletId) && e.Version == 3);

        await ExecuteAsync($"DELETE FROM ledger_events WHERE stream_id = 'wallet/{walletId}' AND version = 3");

        (await WalletChainVerifier.VerifyAsync(_sqlite.Store, Chain, walletId)).IsValid.Should().BeTrue("a shortened chain is still a valid chain");
        (await Reload(walletId)).Balance.Should().Be(1000, "the deleted charge's money is back");
        (await LedgerVerifier.VerifyAsync(_sqlite.Store, _sqlite.Backend, Chain, CancellationToken.None)).Broken.Should().ContainSingle().Which.Should().Be(
            new BrokenStream(LedgerVerifier.FeedCheckStream, charge.Position, $"positions {charge.Position} to {charge.Position} are missing: events were deleted"));
    }

    [Fact]
    public async Task A_stream_shorter_than_the_ledger_feed_kept_apart_from_it_or_gone_from_the_ledger_is_broken()
    {
        var walletId = NewId("w");
        await FundedWalletAsync(walletId, 1000);
        var wristband = FirstValueStream.Open<string>(_sqlite.Store, Chain, $"wristband/{NewId("uid")}");
        await wristband.GetOrSetAsync(walletId, DateTimeOffset.UtcNow);
        var feed = new FeedWithMore(_sqlite.Backend, [(WalletGrain.StreamId(walletId), 3), ("wallet/w-gone", 1)]);

        var verification = await LedgerVerifier.VerifyAsync(_sqlite.Store, feed, Chain, CancellationToken.None);

        verification.Broken.Should().BeEquivalentTo([
            new BrokenStream(WalletGrain.StreamId(walletId), 3, "the stream ends at version 2 but the ledger feed holds version 3: events were deleted"),
            new BrokenStream("wallet/w-gone", 1, "the ledger feed holds 1 events of this stream but the ledger none: it was deleted"),
        ]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _sqlite.DisposeAsync();

    private static readonly HashChain Chain = new(RandomNumberGenerator.GetBytes(32));

    private EventStream<WalletState, WalletEvent> Stream(string walletId) => new(_sqlite.Store, Chain, WalletGrain.StreamId(walletId), new WalletState());

    private async Task<EventStream<WalletState, WalletEvent>> FundedWalletAsync(string walletId, long amount)
    {
        var stream = Stream(walletId);
        await stream.DecideAsync(_ => new Decision<WalletEvent, bool>([new WalletCreated(DateTimeOffset.UtcNow)], true));
        await stream.DecideAsync(state => WalletRules.DecideTopUp(state, new TopUpRequest("t", walletId, amount), new WalletLimitsOptions(), DateTimeOffset.UtcNow));
        return stream;
    }

    private async Task<WalletState> Reload(string walletId)
    {
        var stream = Stream(walletId);
        await stream.RefreshAsync();
        return stream.State;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_sqlite.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        (await command.ExecuteNonQueryAsync()).Should().Be(1);
    }

    private static OnlineCharge Charge(string walletId, long seq, long amount) => Nfc("d-1", seq, walletId, amount, "uid");

    private static Decision<WalletEvent, ChargeResult> Online(WalletState state, OnlineCharge charge) =>
        WalletRules.DecideOnline(state, charge, ChargeTerms.Of(charge.DeviceId, charge.Seq, charge.WalletId, charge.Amount, charge.CreatedAt, charge.Credential),
            new CredentialCheck(true, null), DateTimeOffset.UtcNow);

    /// <summary>A ledger feed that, as Cosmos DB keeps it, lives apart from the streams: it still lists events the streams lost.</summary>
    private sealed class FeedWithMore(ILedgerFeed inner, (string StreamId, long Version)[] more) : ILedgerFeed
    {
        public async Task<IReadOnlyList<FeedEntry>> ReadFeedAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
        {
            var stored = await inner.ReadFeedAsync(afterPosition, maxCount, cancellationToken);
            var head = await inner.ReadHeadPositionAsync(cancellationToken);
            return stored.Count > 0 ? stored
                : [.. more.Select((lost, i) => new FeedEntry(head + i + 1, lost.StreamId, lost.Version, "{}")).Where(entry => entry.Position > afterPosition)];
        }

        public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> ReadCheckpointAsync(string consumer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveCheckpointAsync(string consumer, long position, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
