using System.Collections.Concurrent;
using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using Npgsql;

using FestivalPos.Wire.Contracts;

namespace FestivalPos.Load.Harness;

/// <summary>
/// After the runs: every acknowledged charge and top-up applied exactly once (through the API and
/// in the stored streams), nothing declined moved money, money conserved, every hash chain valid.
/// </summary>
public sealed class Verifier(Api api, string organizerToken, string ledgerConnectionString, HashChain chain, HarnessOptions options, Book book)
{
    public List<string> Problems { get; } = [];

    public long EntriesChecked { get; private set; }

    public long EventsChecked { get; private set; }

    /// <summary>Each wallet's balance as the API answered it, by wallet index.</summary>
    public long[] Balances { get; private set; } = [];

    /// <summary>The charges in the wallets' transactions, count and amount, by the device that sold them.</summary>
    public ConcurrentDictionary<string, (long Count, long Amount)> ChargesByDevice { get; } = new(StringComparer.Ordinal);

    public async Task<bool> VerifyAsync()
    {
        var expected = new Dictionary<string, Movement>(StringComparer.Ordinal);
        foreach (var movement in book.Charges.Concat(book.Topups))
        {
            if (!expected.TryAdd(movement.Id, movement))
            {
                Problem($"{movement.Id} acknowledged twice by the harness's own book");
            }
        }

        var declined = book.Declined.ToHashSet(StringComparer.Ordinal);
        foreach (var mismatch in book.DuplicateMismatches.Take(20))
        {
            Problem("repeat answered differently: " + mismatch);
        }

        // Through the API: each wallet's transactions and balance.
        var balances = new long[options.Wallets];
        var seen = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var unknownApplied = new ConcurrentDictionary<string, Movement>(StringComparer.Ordinal);
        long entries = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Wallets), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (wallet, _) =>
        {
            var walletId = Fleet.WalletId(wallet);
            long after = 0, sum = 0, lastBalance = 0;
            while (true)
            {
                var page = await api.GetAsync($"api/v1/wallets/{walletId}/transactions?after={after}&limit=500", organizerToken, ApiJson.Default.TransactionsPage);
                foreach (var entry in page.Entries)
                {
                    Interlocked.Increment(ref entries);
                    sum += entry.Amount;
                    lastBalance = entry.BalanceAfter;
                    if (sum != entry.BalanceAfter)
                    {
                        Problem($"{walletId} entry {entry.Position}: balanceAfter {entry.BalanceAfter}, entries add up to {sum}");
                    }

                    if (seen.AddOrUpdate(entry.TxId, 1, (_, n) => n + 1) > 1)
                    {
                        Problem($"{entry.TxId} appears more than once");
                    }

                    var signed = entry.Kind == "charge" ? -1 : 1;
                    if (entry is { Kind: "charge", DeviceId: { } deviceId })
                    {
                        ChargesByDevice.AddOrUpdate(deviceId, (1, -entry.Amount), (_, sold) => (sold.Count + 1, sold.Amount - entry.Amount));
                    }

                    if (expected.TryGetValue(entry.TxId, out var movement))
                    {
                        if (movement.Wallet != wallet || movement.Amount * signed != entry.Amount)
                        {
                            Problem($"{entry.TxId} in {walletId} for {entry.Amount}, acknowledged for w{movement.Wallet} and {movement.Amount}");
                        }
                    }
                    else if (book.Unknown.TryGetValue(entry.TxId, out var unknown))
                    {
                        unknownApplied[entry.TxId] = unknown;
                    }
                    else if (declined.Contains(entry.TxId))
                    {
                        Problem($"{entry.TxId} was declined but moved money");
                    }
                    else
                    {
                        Problem($"{entry.TxId} ({entry.Kind} {entry.Amount}) in {walletId} was never sent or acknowledged");
                    }
                }

                if (page.Next is not { } next)
                {
                    break;
                }

                after = next;
            }

            var view = await api.GetAsync($"api/v1/wallets/{walletId}", organizerToken, ApiJson.Default.WalletResponse);
            balances[wallet] = view.Balance;
            if (view.Balance != sum || view.Balance != lastBalance)
            {
                Problem($"{walletId} balance {view.Balance}, its transactions add up to {sum}");
            }
        });
        EntriesChecked = entries;
        Balances = balances;

        foreach (var (id, _) in expected)
        {
            if (!seen.ContainsKey(id))
            {
                Problem($"{id} was acknowledged but is not in its wallet's transactions");
            }
        }

        // Money conserved: what is in the wallets is what came in minus what was charged.
        var moved = new long[options.Wallets];
        foreach (var movement in expected.Values.Concat(unknownApplied.Values))
        {
            moved[movement.Wallet] += IsTopup(movement.Id) ? movement.Amount : -movement.Amount;
        }

        for (var wallet = 0; wallet < options.Wallets; wallet++)
        {
            if (moved[wallet] != balances[wallet])
            {
                Problem($"w{wallet}: balance {balances[wallet]}, top-ups minus charges {moved[wallet]}");
            }
        }

        if (moved.Sum() != balances.Sum())
        {
            Problem($"money not conserved: balances {balances.Sum()}, top-ups minus charges {moved.Sum()}");
        }

        await VerifyStoreAsync(balances, expected);
        return Problems.Count == 0;
    }

    /// <summary>Reads every wallet stream from ledger_events and checks its chain, its balances and its charges.</summary>
    private async Task VerifyStoreAsync(long[] balances, Dictionary<string, Movement> expected)
    {
        var streams = new Dictionary<string, List<RecordedEvent>>(StringComparer.Ordinal);
        await using (var connection = new NpgsqlConnection(ledgerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT stream_id, version, payload, hash FROM ledger_events WHERE stream_id LIKE 'wallet/%' ORDER BY stream_id, version", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var streamId = reader.GetString(0);
                if (!streams.TryGetValue(streamId, out var list))
                {
                    streams[streamId] = list = [];
                }

                list.Add(new RecordedEvent(reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var store = new StoredStreams(streams);
        var charged = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        long events = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Wallets), async (wallet, _) =>
        {
            var walletId = Fleet.WalletId(wallet);
            var verification = await WalletChainVerifier.VerifyAsync(store, chain, walletId, balances[wallet]);
            Interlocked.Add(ref events, verification.EventsChecked);
            if (!verification.IsValid)
            {
                Problem($"{walletId} chain invalid at version {verification.FirstInvalidVersion}: {verification.Problem}");
            }

            if (streams.TryGetValue(WalletGrain.StreamId(walletId), out var stored))
            {
                foreach (var recorded in stored)
                {
                    if (JsonSerializer.Deserialize<WalletEvent>(recorded.Payload, LedgerJson.Options) is ChargeApproved approved)
                    {
                        charged.AddOrUpdate(approved.TxId, 1, (_, n) => n + 1);
                    }
                }
            }
        });
        EventsChecked = events;
        foreach (var (id, movement) in expected)
        {
            if (!IsTopup(id) && charged.GetValueOrDefault(id) != 1)
            {
                Problem($"{id} is stored {charged.GetValueOrDefault(id)} times in w{movement.Wallet}'s stream");
            }
        }

        foreach (var (id, count) in charged)
        {
            if (!expected.ContainsKey(id) && !book.Unknown.ContainsKey(id))
            {
                Problem($"{id} is stored {count} times but was never acknowledged");
            }
        }
    }

    private static bool IsTopup(string id) => id.StartsWith("init-", StringComparison.Ordinal) || id.StartsWith("top-", StringComparison.Ordinal);

    private void Problem(string problem)
    {
        lock (Problems)
        {
            if (Problems.Count < 50)
            {
                Problems.Add(problem);
            }
        }
    }

    /// <summary>The stored streams, read once, served to <see cref="WalletChainVerifier"/>.</summary>
    private sealed class StoredStreams(Dictionary<string, List<RecordedEvent>> streams) : IEventStore
    {
        public Task<IReadOnlyList<RecordedEvent>> ReadAsync(string streamId, long afterVersion, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RecordedEvent>>(streams.TryGetValue(streamId, out var events) ? events.Where(e => e.Version > afterVersion).ToList() : []);

        public Task AppendAsync(
            string streamId, long expectedVersion, IReadOnlyList<EventToAppend> events, IReadOnlyList<IndexEntry> index, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The audit only reads.");

        public Task<IReadOnlyList<IndexEntry>> ReadIndexAsync(string key, long afterPosition, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The audit reads streams only.");

        public IAsyncEnumerable<string> ListStreamsAsync(string prefix, CancellationToken cancellationToken = default) =>
            streams.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToAsyncEnumerable();
    }
}
