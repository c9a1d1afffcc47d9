using FestivalPos.Storage;
using FestivalPos.Storage.Feed;
using FestivalPos.Storage.Holders;

namespace FestivalPos.Tests.Storage.Holders;

/// <summary>
/// The holder data store of every backend: a row per wallet, replaced in place, erased to a tombstone, and never part
/// of a stream or of the ledger feed.
/// </summary>
public abstract class HolderDataStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset At = new(2026, 7, 21, 9, 0, 0, TimeSpan.Zero);

    private IEventStoreBackend? _backend;

    protected IEventStoreBackend Backend => _backend ??= CreateBackend();

    protected IHolderDataStore Holders => (IHolderDataStore)Backend;

    protected abstract IEventStoreBackend CreateBackend();

    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    public Task InitializeAsync() => Backend.InitializeAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Backend.DisposeAsync();
        await DeleteDatabaseAsync();
    }

    [Fact]
    public async Task A_wallet_without_holder_data_has_no_row()
    {
        (await Holders.ReadHolderDataAsync("w-none", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Holder_data_is_replaced_in_place()
    {
        await Holders.WriteHolderDataAsync("w-1", "sealed-first", At, CancellationToken.None);
        await Holders.WriteHolderDataAsync("w-1", "sealed-second", At.AddMinutes(1), CancellationToken.None);
        await Holders.WriteHolderDataAsync("w-2", "sealed-other", At, CancellationToken.None);

        (await Holders.ReadHolderDataAsync("w-1", CancellationToken.None)).Should().Be(new HolderDataRow("w-1", "sealed-second", At.AddMinutes(1), null));
        (await Holders.ReadHolderDataAsync("w-2", CancellationToken.None)).Should().Be(new HolderDataRow("w-2", "sealed-other", At, null));
    }

    [Fact]
    public async Task Erasure_leaves_a_tombstone_and_the_ledger_untouched()
    {
        var store = new GroupCommitEventStore(Backend, new GroupCommitOptions());
        await store.AppendAsync("wallet/w-1", 0, [new EventToAppend("""{"type":"walletCreated"}""", "hash-1")], []);
        var head = Backend is ILedgerFeed feed ? await feed.ReadHeadPositionAsync(CancellationToken.None) : 0;
        await Holders.WriteHolderDataAsync("w-1", "sealed-personal-data", At, CancellationToken.None);

        await Holders.EraseHolderDataAsync("w-1", At.AddDays(40), CancellationToken.None);

        (await Holders.ReadHolderDataAsync("w-1", CancellationToken.None)).Should().Be(new HolderDataRow("w-1", null, At.AddDays(40), At.AddDays(40)));
        (await store.ReadAsync("wallet/w-1", 0)).Should().Equal(new RecordedEvent(1, """{"type":"walletCreated"}""", "hash-1"));
        if (Backend is ILedgerFeed after)
        {
            (await after.ReadHeadPositionAsync(CancellationToken.None)).Should().Be(head, "holder data never enters the ledger feed");
        }

        await Holders.WriteHolderDataAsync("w-1", "sealed-given-again", At.AddDays(41), CancellationToken.None);
        (await Holders.ReadHolderDataAsync("w-1", CancellationToken.None))!.ErasedAt.Should().BeNull("data the holder gives again replaces the tombstone");
    }
}
