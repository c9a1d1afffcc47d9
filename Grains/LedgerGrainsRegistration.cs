using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FestivalPos.Grains;

public static class LedgerGrainsRegistration
{
    /// <summary>What the ledger grains need beside an <see cref="Storage.IEventStore"/>.</summary>
    public static IServiceCollection AddLedgerGrains(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Snapshots.OfflineSnapshotPublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<Snapshots.OfflineSnapshotPublisher>());
        return services;
    }
}
