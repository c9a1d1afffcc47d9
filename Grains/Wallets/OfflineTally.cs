using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// A wallet's state while one offline batch is decided: what was stored, plus what this batch applied so far,
/// so that a later charge of the batch sees the earlier ones (balance, used tokens and wristband reads, per-device sums, ids).
/// </summary>
public sealed class OfflineTally(WalletState state)
{
    private readonly Dictionary<string, ChargeTerms> _appliedNow = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokensNow = new(StringComparer.Ordinal);
    private readonly HashSet<SunRead> _sunReadsNow = [];
    private readonly Dictionary<string, long> _byDeviceNow = new(StringComparer.Ordinal);

    public long Balance { get; private set; } = state.Balance;

    public ChargeTerms? Recorded(string txId) =>
        _appliedNow.TryGetValue(txId, out var terms) ? terms : state.Charges.GetValueOrDefault(txId)?.Terms;

    /// <summary>Whether the id moved money already (online or offline, stored or in this batch).</summary>
    public bool IsApproved(string txId, out bool offline)
    {
        if (_appliedNow.ContainsKey(txId))
        {
            offline = true;
            return true;
        }

        var recorded = state.Charges.GetValueOrDefault(txId);
        offline = recorded?.Offline ?? false;
        return recorded?.Outcome == ChargeOutcome.Approved;
    }

    public bool TokenUsed(string tokenId) => state.UsedQrTokens.Contains(tokenId) || _tokensNow.Contains(tokenId);

    public bool SunReadUsed(SunRead read) => state.UsedSunReads.Contains(read) || _sunReadsNow.Contains(read);

    public long ByDevice(string deviceId) => state.OfflineByDevice.GetValueOrDefault(deviceId) + _byDeviceNow.GetValueOrDefault(deviceId);

    public void Apply(ChargeApproved charge, ChargeTerms terms)
    {
        Balance = charge.BalanceAfter;
        _appliedNow[charge.TxId] = terms;
        _byDeviceNow[charge.DeviceId] = _byDeviceNow.GetValueOrDefault(charge.DeviceId) + charge.Amount;
        if (charge.QrTokenId is { } token)
        {
            _tokensNow.Add(token);
        }

        if (charge.SunRead is { } read)
        {
            _sunReadsNow.Add(read);
        }
    }
}
