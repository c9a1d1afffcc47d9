using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FestivalPos.Grains;

public static class LedgerGrainsRegistration
{
    /// <summary>What the ledger grains need beside an <see cref="Storage.IEventStore"/> and an <see cref="Storage.Holders.IHolderDataStore"/>.</summary>
    public static IServiceCollection AddLedgerGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<Devices.OfflineLimitsOptions>().BindConfiguration(Devices.OfflineLimitsOptions.SectionName)
            .Validate(options => options.IsValid, "Offline:DefaultMaxPerWallet must be from 0 to Ledger:MaxAmount; Offline:MaxPerDeviceWallet and Offline:MaxPerDeviceHour 0 or more.")
            .ValidateOnStart();
        services.AddOptions<Devices.PinLimitsOptions>().BindConfiguration(Devices.PinLimitsOptions.SectionName)
            .Validate(options => options.IsValid, "Pos:PinAttemptsPerMinute and Pos:PinChecksAtOnce must be 1 or more.")
            .ValidateOnStart();
        services.AddSingleton<Wallets.PinHashing>();
        services.AddOptions<Wallets.WristbandOptions>().BindConfiguration(Wallets.WristbandOptions.SectionName)
            .Validate(options => options.IsValid, "Wristbands:Credential must be nfc or nfc-sun.")
            .ValidateOnStart();
        services.AddOptions<Wallets.WalletLimitsOptions>().BindConfiguration(Wallets.WalletLimitsOptions.SectionName)
            .Validate(options => options.IsValid, "Wallets:MaxTopUp and Wallets:MaxBalance must be positive, and MaxTopUp at most MaxBalance.")
            .ValidateOnStart();
        services.AddOptions<Wallets.RefundOptions>().BindConfiguration(Wallets.RefundOptions.SectionName)
            .Validate(options => options.IsValid, "Refunds:DeviceWindowSeconds must be positive.")
            .ValidateOnStart();
        services.AddOptions<Reports.SettlementOptions>().BindConfiguration(Reports.SettlementOptions.SectionName)
            .Validate(options => options.IsValid, "Settlement:TimeZone must be a known time zone (IANA, such as Europe/Brussels) and Settlement:DayStartHour 0 to 23.")
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<Review.ReviewQueueMetrics>();
        services.AddOptions<CashOut.CashOutOptions>().BindConfiguration(CashOut.CashOutOptions.SectionName)
            .Validate(options => options.IsValid, "CashOut:Fee must be from 0 to Ledger:MaxAmount, CashOut:MaxBatchSize from 1 to 10000, and CashOut:OpensAt before CashOut:Deadline.")
            .ValidateOnStart();
        services.AddSingleton<Holders.HolderDataVault>();
        services.AddSingleton<Snapshots.OfflineSnapshotPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<Snapshots.OfflineSnapshotPublisher>());
        return services;
    }
}
