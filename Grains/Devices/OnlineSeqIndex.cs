using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// An online charge is written once, by its wallet. The wallet's append carries an index entry under
/// the device's key, committed in the same transaction as the charge, binding the seq to the wallet
/// and the charge's content; the device reads these entries back when it activates. So an online
/// charge costs one durable write, and the device still knows every seq a wallet decided for it.
/// </summary>
public static class OnlineSeqIndex
{
    public static string Key(string deviceId) => $"device/{deviceId}/online";

    public static IndexEntry Entry(OnlineCharge charge, string fingerprint) =>
        new(Key(charge.DeviceId), charge.Seq, JsonSerializer.Serialize(new Binding(charge.WalletId, fingerprint, charge.Amount, charge.CreatedAt), LedgerJson.Options));

    public static DecidedSeq Decided(OnlineCharge charge, string fingerprint) =>
        new(charge.Seq, charge.WalletId, fingerprint, SeqOutcome.Online, null, charge.Amount, charge.CreatedAt);

    public static DecidedSeq Read(IndexEntry entry)
    {
        var binding = JsonSerializer.Deserialize<Binding>(entry.Value, LedgerJson.Options)
            ?? throw new InvalidOperationException($"Empty online binding for seq {entry.Position} under '{entry.Key}'.");
        return new DecidedSeq(entry.Position, binding.WalletId, binding.Fingerprint, SeqOutcome.Online, null, binding.Amount, binding.CreatedAt);
    }

    private sealed record Binding(string WalletId, string Fingerprint, long Amount, string CreatedAt);
}
