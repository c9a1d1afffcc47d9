using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;

namespace FestivalPos.PosApp;

/// <summary>One terminal: its store, its gateway client, its cashier and its sync engine.</summary>
public sealed class Terminal : IDisposable
{
    private readonly HttpClient _http;

    private Terminal(StoreDatabase database, Enrollment enrollment, HttpClient http, TimeProvider time, TimeSpan retention)
    {
        _http = http;
        Database = database;
        Enrollment = enrollment;
        Outbox = new Outbox(database, time, retention);
        Snapshot = new OfflineSnapshotStore(database, time);
        Catalog = new CatalogStore(database);
        Gateway = new GatewayClient(http, enrollment, new EnrollmentStore(database), time);
        Cashier = new Cashier(enrollment, Outbox, Snapshot, Gateway, time);
        Sync = new SyncEngine(Outbox, Snapshot, Gateway, time);
        Refunds = new RefundStore(database, enrollment.DeviceId);
        Refunder = new Refunder(enrollment, Outbox, Refunds, Gateway);
        Cashier.Queued += Sync.Wake;
        Cashier.GatewayAnswered += Sync.NetworkBack;
    }

    public StoreDatabase Database { get; }

    public Enrollment Enrollment { get; }

    public Outbox Outbox { get; }

    public OfflineSnapshotStore Snapshot { get; }

    public CatalogStore Catalog { get; }

    public GatewayClient Gateway { get; }

    public Cashier Cashier { get; }

    public SyncEngine Sync { get; }

    public RefundStore Refunds { get; }

    public Refunder Refunder { get; }

    /// <summary>
    /// Opens an enrolled store; <paramref name="http"/> replaces the network (the simulator's outages); without
    /// <paramref name="retention"/>, <see cref="Retention.FromEnvironment"/> says how long settled sales stay.
    /// </summary>
    public static async Task<Terminal> OpenAsync(string dataDirectory, TimeProvider? time = null, Func<Enrollment, HttpClient>? http = null, TimeSpan? retention = null)
    {
        var keep = retention ?? Retention.FromEnvironment();
        var database = StoreDatabase.Open(dataDirectory);
        try
        {
            var enrollment = await new EnrollmentStore(database).LoadAsync();
            var client = http?.Invoke(enrollment) ?? GatewayHttp.Create(enrollment.GatewayUrl, enrollment.GatewayCertificateSha256);
            return new Terminal(database, enrollment, client, time ?? TimeProvider.System, keep);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Stores an enrollment in a new store in <paramref name="dataDirectory"/>.</summary>
    public static async Task EnrollAsync(string dataDirectory, Enrollment enrollment, IEnumerable<CatalogItem>? catalog = null)
    {
        using var database = StoreDatabase.Open(dataDirectory, create: true);
        await new EnrollmentStore(database).SaveAsync(enrollment);
        foreach (var item in catalog ?? [])
        {
            await new CatalogStore(database).SetAsync(item);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        Database.Dispose();
    }
}
