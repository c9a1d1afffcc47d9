using Orleans.Messaging;

namespace FestivalPos.Clustering;

/// <summary>
/// The client's gateway list: installs the PostgreSQL schema, then hands every call to the
/// ADO.NET provider, so a client started before any silo still finds the query rows.
/// </summary>
internal sealed class SchemaInstallingGatewayListProvider(string connectionString, IGatewayListProvider inner)
    : IGatewayListProvider
{
    public TimeSpan MaxStaleness => inner.MaxStaleness;

    public bool IsUpdatable => true;

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken = default)
    {
        await PostgresMembershipSchema.EnsureCreatedAsync(connectionString, cancellationToken);
        await inner.InitializeGatewayListProviderAsync(cancellationToken);
    }

    public Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken = default) =>
        inner.GetGatewaysAsync(cancellationToken);

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync();

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync();
}
