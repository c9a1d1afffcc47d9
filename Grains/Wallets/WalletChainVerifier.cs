using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// Audits a wallet from storage alone: every event links to the one before it, every recorded
/// balance equals the fold of the entries, and the final balance equals what the grain holds.
/// </summary>
public static class WalletChainVerifier
{
    public static async Task<ChainVerification> VerifyAsync(IEventStore store, HashChain chain, string walletId, long? expectedBalance = null)
    {
        var streamId = WalletGrain.StreamId(walletId);
        var events = await store.ReadAsync(streamId, 0);
        var state = new WalletState();
        var hash = chain.Genesis(streamId);
        foreach (var recorded in events)
        {
            var problem = Check(chain, recorded, hash, state);
            if (problem is not null)
            {
                return new ChainVerification(false, recorded.Version - 1, recorded.Version, problem);
            }

            hash = recorded.Hash;
        }

        if (expectedBalance is { } balance && balance != state.Balance)
        {
            return new ChainVerification(false, events.Count, null, $"stored entries add up to {state.Balance}, the wallet holds {balance}");
        }

        return new ChainVerification(true, events.Count, null, null);
    }

    private static string? Check(HashChain chain, RecordedEvent recorded, string previousHash, WalletState state)
    {
        if (chain.Next(previousHash, recorded.Version, recorded.Payload) != recorded.Hash)
        {
            return "hash does not match the event and the hash before it";
        }

        try
        {
            var @event = JsonSerializer.Deserialize<WalletEvent>(recorded.Payload, LedgerJson.Options)!;
            state.Apply(@event, recorded.Version, recorded.Hash);
            return null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return exception.Message;
        }
    }
}
