namespace FestivalPos.EndToEnd.Tests.Membership;

/// <summary>Where the silos and the gateway of a <see cref="ClusteredSystem"/> find each other, and how a test reads it.</summary>
public interface IMembershipStore : IAsyncDisposable
{
    /// <summary>What holds the membership, for a test's log.</summary>
    string Description { get; }

    /// <summary>
    /// The Cluster keys that point a silo or a gateway at this store, as environment variables: a connection
    /// string may hold a key, which arguments would show to every user of the machine.
    /// </summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Points an Orleans client of the test process at this store.</summary>
    IClientBuilder UseIn(IClientBuilder client);

    /// <summary>The status (Orleans' <c>SiloStatus</c> value) of the newest generation of each silo port of the cluster.</summary>
    Task<IReadOnlyDictionary<int, int>> StatusesByPortAsync(string clusterId);
}
