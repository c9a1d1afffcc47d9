using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The strings API.md uses for grain enums.</summary>
public static class Names
{
    public static string Of(WalletStatus status) => status == WalletStatus.Blocked ? WireNames.WalletStatus.Blocked : WireNames.WalletStatus.Active;

    public static string Of(DeviceStatus status) => status == DeviceStatus.Revoked ? "revoked" : "active";

    public static string Of(WalletFlag flag) => flag switch
    {
        WalletFlag.Overdrawn => "overdrawn",
        WalletFlag.SpentWhileBlocked => "spentWhileBlocked",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    public static string Of(EntryKind kind) => kind switch
    {
        EntryKind.TopUp => "topup",
        EntryKind.Charge => "charge",
        EntryKind.Refund => "refund",
        EntryKind.Adjustment => "adjustment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(DeclineReason reason) => reason switch
    {
        DeclineReason.InsufficientFunds => WireNames.DeclineReasons.InsufficientFunds,
        DeclineReason.WalletBlocked => WireNames.DeclineReasons.WalletBlocked,
        DeclineReason.BadCredential => WireNames.DeclineReasons.BadCredential,
        DeclineReason.WalletFlagged => WireNames.DeclineReasons.WalletFlagged,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string Of(OfflineStatus status) => status switch
    {
        OfflineStatus.Applied => WireNames.OfflineStatus.Applied,
        OfflineStatus.Duplicate => WireNames.OfflineStatus.Duplicate,
        _ => WireNames.OfflineStatus.Rejected,
    };

    /// <summary>API.md's offline reasons. InvalidInput cannot pass the gateway's checks; it reads as a bad signature.</summary>
    public static string Of(OfflineRejectReason reason) => reason switch
    {
        OfflineRejectReason.DeviceRevoked => WireNames.OfflineReasons.DeviceRevoked,
        OfflineRejectReason.UnknownWallet => WireNames.OfflineReasons.UnknownWallet,
        OfflineRejectReason.Conflict => WireNames.OfflineReasons.Conflict,
        OfflineRejectReason.BadCredential => WireNames.OfflineReasons.BadCredential,
        OfflineRejectReason.CredentialReused => WireNames.OfflineReasons.CredentialReused,
        OfflineRejectReason.OverLimit => WireNames.OfflineReasons.OverLimit,
        _ => WireNames.OfflineReasons.BadSignature,
    };

    public static string Of(ReviewStatus status) => status switch
    {
        ReviewStatus.Approved => WireNames.ReviewStatus.Approved,
        ReviewStatus.Dismissed => WireNames.ReviewStatus.Dismissed,
        _ => WireNames.ReviewStatus.Pending,
    };

    /// <summary>The anomaly kinds by their names in the reports.</summary>
    public static readonly IReadOnlyDictionary<string, AnomalyKind> AnomalyKinds = new Dictionary<string, AnomalyKind>(StringComparer.Ordinal)
    {
        ["wrongPins"] = AnomalyKind.WrongPins,
        ["offlineAboveUsual"] = AnomalyKind.OfflineAboveUsual,
        ["walletAtManyStands"] = AnomalyKind.WalletAtManyStands,
    };

    public static string Of(AnomalyKind kind) => AnomalyKinds.Single(named => named.Value == kind).Key;
}
