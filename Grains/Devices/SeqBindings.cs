using FestivalPos.Grains.Interfaces.Wallets;
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
    public static string Key(string deviceId) => $"device/{deviceId}/seqs";

    public static IndexEntry Entry(string deviceId, long seq, ChargeTerms terms) => new(Key(deviceId), seq, terms.Fingerprint);

    public static ChargeTerms Read(IndexEntry entry) => ChargeTerms.Parse(entry.Value);

    /// <summary>The terms a seq is bound to, or null when it is not bound.</summary>
    public static async Task<ChargeTerms?> FindAsync(IEventStore store, string deviceId, long seq)
    {
        var entries = await store.ReadIndexAsync(Key(deviceId), seq - 1);
        return entries.Count > 0 && entries[0].Position == seq ? Read(entries[0]) : null;
    }
}
