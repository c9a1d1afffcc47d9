using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// What an organizer should look at: a terminal with many wrong PINs, an offline charge far above its stand's usual
/// charge, a wallet charged by many stands within a minute. Time is the ledger's own (recording times for PIN
/// attempts, which are online; the terminals' <c>createdAt</c> for sales), never the clock, so a rebuild from position 0
/// raises the same anomalies. Memory stays bounded: windows expire, a stand keeps its latest charges only, wallets idle
/// for <see cref="AnomalyOptions.WalletMemoryMinutes"/> of ledger time are forgotten, and the kept list is capped.
/// </summary>
public sealed class AnomalyProjection(AnomalyOptions options) : FeedProjection
{
    private readonly Dictionary<string, string> _standByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecentWrongPins> _wrongPinsByDevice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UsualCharge> _usualByStand = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecentStands> _standsByWallet = new(StringComparer.Ordinal);
    private readonly KeptAnomalies _kept = new(options.MaxKept);
    private readonly TimeSpan _wrongPinWindow = TimeSpan.FromSeconds(options.WrongPinWindowSeconds);
    private readonly TimeSpan _walletWindow = TimeSpan.FromSeconds(options.WalletWindowSeconds);
    private readonly TimeSpan _walletMemory = TimeSpan.FromMinutes(options.WalletMemoryMinutes);
    private DateTimeOffset _latest = DateTimeOffset.MinValue;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public AnomalyReport Report(AnomalyKind? kind, int limit) => new([.. _kept.Newest(kind, limit)], _kept.Raised, Position);

    protected override void Apply(LedgerFact fact)
    {
        switch (fact)
        {
            case DeviceEnrolledFact enrolled:
                _standByDevice[enrolled.DeviceId] = enrolled.StandId;
                break;
            case ChargeDeclinedFact { WrongPin: true } declined:
                WrongPin(declined);
                break;
            case ChargeFact charge when _standByDevice.TryGetValue(charge.DeviceId, out var standId):
                var soldAt = SaleTime.Of(charge);
                Charged(charge, standId, soldAt);
                WalletCharged(charge, standId, soldAt);
                break;
        }

        Sweep(fact.RecordedAt);
    }

    private void WrongPin(ChargeDeclinedFact declined)
    {
        if (!_wrongPinsByDevice.TryGetValue(declined.DeviceId, out var recent))
        {
            _wrongPinsByDevice[declined.DeviceId] = recent = new RecentWrongPins();
        }

        var count = recent.Add(declined.RecordedAt, _wrongPinWindow);
        recent.Open = count < options.WrongPinsPerDevice
            ? null
            : _kept.RaiseOrUpdate(recent.Open, count, declined.RecordedAt, () => new Anomaly(
                AnomalyKind.WrongPins, declined.DeviceId, _standByDevice.GetValueOrDefault(declined.DeviceId), null, declined.RecordedAt, declined.RecordedAt,
                count, options.WrongPinsPerDevice, null, options.WrongPinWindowSeconds, declined.Position));
    }

    /// <summary>Checks an offline charge against the stand's usual before the charge joins the stand's sample.</summary>
    private void Charged(ChargeFact charge, string standId, DateTimeOffset soldAt)
    {
        if (!_usualByStand.TryGetValue(standId, out var usual))
        {
            _usualByStand[standId] = usual = new UsualCharge(options.UsualSampleSize);
        }

        if (charge.Offline && usual.Count >= options.UsualMinCharges && charge.Amount >= usual.Median * options.OfflineUsualFactor)
        {
            _kept.Raise(new Anomaly(
                AnomalyKind.OfflineAboveUsual, charge.DeviceId, standId, charge.WalletId, soldAt, soldAt,
                charge.Amount, usual.Median * options.OfflineUsualFactor, usual.Median, null, charge.Position));
        }

        usual.Add(charge.Amount);
    }

    private void WalletCharged(ChargeFact charge, string standId, DateTimeOffset soldAt)
    {
        if (!_standsByWallet.TryGetValue(charge.WalletId, out var recent))
        {
            _standsByWallet[charge.WalletId] = recent = new RecentStands();
        }

        recent.LastRecordedAt = charge.RecordedAt;
        if (recent.Add(soldAt, standId, _walletWindow) is not { } stands)
        {
            return;
        }

        recent.Open = stands < options.StandsPerWallet
            ? null
            : _kept.RaiseOrUpdate(recent.Open, stands, soldAt, () => new Anomaly(
                AnomalyKind.WalletAtManyStands, null, null, charge.WalletId, soldAt, soldAt,
                stands, options.StandsPerWallet, null, options.WalletWindowSeconds, charge.Position));
    }

    /// <summary>Forgets idle wallets and terminals, a few times per <see cref="AnomalyOptions.WalletMemoryMinutes"/> of ledger time.</summary>
    private void Sweep(DateTimeOffset recordedAt)
    {
        _latest = recordedAt > _latest ? recordedAt : _latest;
        if (_latest < _nextSweep)
        {
            return;
        }

        foreach (var (walletId, recent) in _standsByWallet)
        {
            if (recent.LastRecordedAt < _latest - _walletMemory)
            {
                _standsByWallet.Remove(walletId);
            }
        }

        foreach (var (deviceId, recent) in _wrongPinsByDevice)
        {
            if (recent.Newest < _latest - _wrongPinWindow)
            {
                _wrongPinsByDevice.Remove(deviceId);
            }
        }

        _nextSweep = _latest + _walletMemory / 4;
    }
}
