using FestivalPos.Storage;

namespace FestivalPos.EndToEnd.Tests.Ledger;

/// <summary>Where the silos of a <see cref="ClusteredSystem"/> keep the ledger, and how a test reads it.</summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>What holds the ledger, for a test's log.</summary>
    string Description { get; }

    /// <summary>The Ledger:Storage keys that point a silo at this store, as environment variables (a connection string may hold a key).</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The store as the silos write it, opened in the test process: the invariants read it through <see cref="IEventStore"/>.</summary>
    IEventStoreBackend OpenBackend();
}
