using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.EventSourcing;

/// <summary>One stream the verifier found broken: where, and why.</summary>
public sealed record BrokenStream(string StreamId, long Version, string Problem);

/// <summary>What <see cref="LedgerVerifier"/> checked and found.</summary>
public sealed record LedgerVerification(long Streams, long Events, IReadOnlyList<BrokenStream> Broken)
{
    public bool IsValid => Broken.Count == 0;
}

/// <summary>
/// Audits the whole ledger from storage alone, with the master key's chain: every link of every stream, and every
/// wallet's recorded balances. Whoever edits, moves or rehashes stored events without the key is found here.
/// </summary>
public static class LedgerVerifier
{
    public static async Task<LedgerVerification> VerifyAsync(IEventStore store, HashChain chain, CancellationToken cancellationToken)
    {
        long streams = 0, events = 0;
        var broken = new List<BrokenStream>();
        await foreach (var streamId in store.ListStreamsAsync("", cancellationToken))
        {
            streams++;
            var (checkedEvents, problem) = streamId.StartsWith(WalletGrain.StreamPrefix, StringComparison.Ordinal)
                ? await VerifyWalletAsync(store, chain, streamId)
                : await VerifyLinksAsync(store, chain, streamId, cancellationToken);
            events += checkedEvents;
            if (problem is not null)
            {
                broken.Add(problem);
            }
        }

        return new LedgerVerification(streams, events, broken);
    }

    private static async Task<(long, BrokenStream?)> VerifyWalletAsync(IEventStore store, HashChain chain, string streamId)
    {
        var verification = await WalletChainVerifier.VerifyAsync(store, chain, streamId[WalletGrain.StreamPrefix.Length..]);
        return (verification.EventsChecked, verification.IsValid ? null : new BrokenStream(streamId, verification.FirstInvalidVersion ?? 0, verification.Problem!));
    }

    private static async Task<(long, BrokenStream?)> VerifyLinksAsync(IEventStore store, HashChain chain, string streamId, CancellationToken cancellationToken)
    {
        var hash = chain.Genesis(streamId);
        var recorded = await store.ReadAsync(streamId, 0, cancellationToken);
        foreach (var @event in recorded)
        {
            if (chain.Next(hash, @event.Version, @event.Payload) != @event.Hash)
            {
                return (@event.Version - 1, new BrokenStream(streamId, @event.Version, "hash does not match the event and the hash before it"));
            }

            hash = @event.Hash;
        }

        return (recorded.Count, null);
    }
}
