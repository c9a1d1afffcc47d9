using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// Binds each seq of a device to one wallet and one content, in storage: every append that decides a seq (a
/// wallet's charge, online or offline, or a device's refusal) carries the binding as an index entry under the
/// device's key, committed in the same transaction. The store refuses a second, different binding of a seq, so
/// no interleaving of requests, retries or duplicate activations can charge one seq twice; a device reads the
/// bindings back when it activates and when a wallet reports one it did not know.
/// </summary>
public static class SeqBindings
{
    public const string DeviceStreamPrefix = "device/";

    public static string Key(string deviceId) => $"device/{deviceId}/seqs";

    public static IndexEntry Entry(string deviceId, long seq, ChargeTerms terms) => new(Key(deviceId), seq, terms.Fingerprint);

    public static ChargeTerms Read(IndexEntry entry) => ChargeTerms.Parse(entry.Value);

    /// <summary>The terms a seq is bound to, or null when it is not bound.</summary>
    public static async Task<ChargeTerms?> FindAsync(IEventStore store, string deviceId, long seq)
    {
        var entries = await store.ReadIndexAsync(Key(deviceId), seq - 1);
        return entries.Count > 0 && entries[0].Position == seq ? Read(entries[0]) : null;
    }

    /// <summary>
    /// The bindings an append of this stored event carries: a wallet's charge (approved or declined) binds its seq,
    /// a device's decided seqs bind theirs. An append may carry a binding that an earlier one made with the same value.
    /// </summary>
    public static IReadOnlyList<IndexEntry> CarriedBy(string streamId, RecordedEvent recorded)
    {
        if (streamId.StartsWith(WalletGrain.StreamPrefix, StringComparison.Ordinal))
        {
            return JsonSerializer.Deserialize<WalletEvent>(recorded.Payload, LedgerJson.Options) switch
            {
                ChargeApproved charge => [new IndexEntry(Key(charge.DeviceId), charge.Seq, charge.Fingerprint)],
                ChargeDeclined charge => [new IndexEntry(Key(charge.DeviceId), charge.Seq, charge.Fingerprint)],
                _ => [],
            };
        }

        return streamId.StartsWith(DeviceStreamPrefix, StringComparison.Ordinal)
            && JsonSerializer.Deserialize<DeviceEvent>(recorded.Payload, LedgerJson.Options) is SeqsDecided decided
            ? [.. decided.Seqs.Select(seq => Entry(streamId[DeviceStreamPrefix.Length..], seq.Seq, seq.Terms))]
            : [];
    }
}
