using FestivalPos.Storage;
using FestivalPos.Storage.Cosmos;
using FestivalPos.Tests.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Tests.Storage;

/// <summary>The conformance suite against the local Cosmos DB server, through the real SDK in gateway mode.</summary>
public sealed class CosmosEventStoreBackendTests : EventStoreConformanceTests
{
    private readonly CosmosStorageOptions _options = CosmosLedgers.NewOptions();

    protected override IEventStoreBackend CreateBackend() => CosmosLedgers.Open(_options);

    protected override Task DeleteDatabaseAsync() => CosmosLedgers.DeleteAsync(_options);

    [Fact]
    public async Task Stream_ids_and_index_keys_holding_characters_cosmos_refuses_in_ids_are_stored_and_found()
    {
        const string key = "device/x?#\\_~/seqs";
        var backend = OpenBackend();
        string[] streams = ["wallet/a?b", "wallet/a#b", "wallet/a\\b", "wallet/a_b", "wallet/a~0b", "wallet/a/b"];

        var outcomes = await backend.AppendBatchAsync(
            streams.Select((id, i) => Indexed(id, 0, id, new IndexEntry(key, i + 1, id))).ToArray(), CancellationToken.None);

        outcomes.Should().AllBeEquivalentTo(AppendOutcome.Appended);
        foreach (var id in streams)
        {
            (await Payloads(backend, id)).Should().Equal(id);
        }

        (await backend.ReadIndexAsync(key, 0, CancellationToken.None)).Select(e => e.Value).Should().Equal(streams);
        (await backend.ListStreamsAsync("wallet/a", CancellationToken.None).ToListAsync()).Should().BeEquivalentTo(streams);
    }

    [Fact]
    public async Task The_container_created_when_missing_has_the_partition_key_path_and_the_indexing_policy_the_readme_states()
    {
        await OpenBackend().InitializeAsync(CancellationToken.None);
        using var client = CosmosClientFactory.Create(_options, ThrottlingRetryHandler.FromOptions(_options, TimeProvider.System));

        var ledger = (await client.GetContainer(_options.DatabaseName, _options.ContainerName).ReadContainerAsync()).Resource;
        var holders = (await client.GetContainer(_options.DatabaseName, _options.HolderContainerName).ReadContainerAsync()).Resource;

        ledger.PartitionKeyPath.Should().Be("/PartitionKey");
        holders.PartitionKeyPath.Should().Be("/PartitionKey");
        ledger.IndexingPolicy.IndexingMode.Should().Be(IndexingMode.Consistent);
        ledger.IndexingPolicy.IncludedPaths.Select(path => path.Path).Should().Equal("/*");
        ledger.IndexingPolicy.ExcludedPaths.Select(path => path.Path).Should().BeEquivalentTo(
            ["/events/*", "/index/*", "/owners/*", "/attempts/*", "/committed/*", "/value/?", "/attempt/?", "/\"_etag\"/?"],
            "payloads, hashes, index entries, owners and feed attempts are only read back whole");
    }
}
