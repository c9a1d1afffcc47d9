using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>The strings API.md uses for grain enums.</summary>
public static class Names
{
    public static string Of(WalletStatus status) => status == WalletStatus.Blocked ? "blocked" : "active";

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
        DeclineReason.InsufficientFunds => "insufficientFunds",
        DeclineReason.WalletBlocked => "walletBlocked",
        DeclineReason.BadCredential => "badCredential",
        DeclineReason.WalletFlagged => "walletFlagged",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string Of(OfflineStatus status) => status switch
    {
        OfflineStatus.Applied => "applied",
        OfflineStatus.Duplicate => "duplicate",
        _ => "rejected",
    };

    /// <summary>
    /// API.md names three reasons. A transaction refused because its device was revoked meanwhile is
    /// "badSignature": its key no longer signs anything. InvalidInput cannot pass the gateway's checks; it reads the same.
    /// </summary>
    public static string Of(OfflineRejectReason reason) => reason switch
    {
        OfflineRejectReason.UnknownWallet => "unknownWallet",
        OfflineRejectReason.Conflict => "conflict",
        _ => "badSignature",
    };
}
