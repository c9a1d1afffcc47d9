using Azure.Data.Tables;
using Azure.Messaging.EventHubs;
using FestivalPos.DevServers;
using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Storage.Feed;
using FestivalPos.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Hosting.Developer;
using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs.Testing;
using Orleans.Streams;
using Orleans.TestingHost;

namespace FestivalPos.Tests.Feed;

/// <summary>
/// The Event Hubs stream provider's receiving side without an Event Hub: Orleans' <see cref="EventDataGeneratorAdapterFactory"/>
/// stands in for the hub's partitions and hands the receiver the feed's batches as event data (<see cref="LedgerFeedEventGenerator"/>).
/// They go through the provider's data adapter, its partition cache and pulling agent to the projections' implicit
/// subscription, the last batch delivered again and again without changing a figure, and the offset of what left the
/// cache is checkpointed to an Azure Table on Azurite, as the provider does on Azure. Sending to a hub, and everything
/// only a hub does, is not exercised (README, The feed's stream providers).
/// </summary>
public sealed class EventHubGeneratorFeedTests
{
    private const int PageSize = 20;
    private const int PartitionCount = 2;
    private const string CheckpointTable = "LedgerFeedCheckpoints";
    private const int MaxPolls = 400;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Projections_subscribed_to_generated_event_hub_partitions_equal_the_ledger_and_the_delivered_offset_is_checkpointed()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var database = new TemporarySqliteStore();
        var ledger = await SyntheticLedger.WriteAsync(database.Store, seed: 20260718);
        var batches = await ReadBatchesAsync(database.Backend);
        var cluster = Build(database.Backend, batches, azurite.ConnectionString);
        await using var _ = cluster;
        await cluster.DeployAsync();

        var exposure = cluster.Client.GetGrain<IExposureProjectionGrain>(LedgerFeedStreams.Key);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        await UntilAsync(async () => (await management.SendControlCommandToProvider<PersistentStreamProvider>(
            LedgerFeedStreams.ProviderName, (int)PersistentStreamProviderCommand.GetNumberRunningAgents)).Sum(Convert.ToInt32) == PartitionCount);
        // Once only: every command adds a generator for the stream to a partition, and its reads are not safe beside that.
        await management.SendControlCommandToProvider<PersistentStreamProvider>(
            LedgerFeedStreams.ProviderName,
            (int)EventDataGeneratorAdapterFactory.Commands.Randomly_Place_Stream_To_Queue,
            new EventDataGeneratorAdapterFactory.StreamRandomPlacementArg(StreamId.Create(LedgerFeedStreams.Namespace, LedgerFeedStreams.Key), 0));
        await UntilAsync(async () => (await exposure.GetExposure()).ThroughPosition == ledger.EventCount);

        (await exposure.GetExposure()).Should().Be(new ExposureReport(
            ledger.OutstandingBalance, ledger.OverdrawnWallets, ledger.OverdrawnAmount, ledger.OpenReviews.Count, ledger.OpenReviews.Values.Sum(), ledger.EventCount));
        // The first events of the partition carry the batches in order (offsets 1 to the batch count), then the last one again.
        await UntilAsync(async () => (await CheckpointedOffsetsAsync(azurite.ConnectionString)).Any(offset => offset >= batches.Count));
    }

    private static InProcessTestCluster Build(ILedgerFeed feed, IReadOnlyList<LedgerFeedBatch> batches, string storageConnectionString)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(feed).AddSingleton(TimeProvider.System).AddMetrics().AddSingleton<FeedMetrics>();
            silo.Services.AddKeyedSingleton<Func<StreamId, IStreamDataGenerator<EventData>>>(
                LedgerFeedStreams.ProviderName,
                (services, _) => streamId => new LedgerFeedEventGenerator(streamId, batches, services.GetRequiredService<Serializer>()));
            silo.AddEventDataGeneratorStreams(LedgerFeedStreams.ProviderName, generator =>
            {
                generator.Configure<EventDataGeneratorStreamOptions>(options => options.Configure(partitions => partitions.EventHubPartitionCount = PartitionCount));
                generator.UseAzureTableCheckpointer(options => options.Configure(checkpoints =>
                {
                    checkpoints.TableServiceClient = new TableServiceClient(storageConnectionString);
                    checkpoints.TableName = CheckpointTable;
                    checkpoints.PersistInterval = TimeSpan.FromMilliseconds(100);
                }));
                // Delivered events leave the cache within a second, and purging is when the receiver checkpoints.
                generator.ConfigureCacheEviction(options => options.Configure(eviction =>
                {
                    eviction.DataMinTimeInCache = TimeSpan.FromMilliseconds(200);
                    eviction.DataMaxAgeInCache = TimeSpan.FromSeconds(1);
                    eviction.MetadataMinTimeInCache = TimeSpan.FromSeconds(1);
                }));
                generator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
            });
        });
        return builder.Build();
    }

    /// <summary>The ledger feed in pages, as the pump publishes it.</summary>
    private static async Task<IReadOnlyList<LedgerFeedBatch>> ReadBatchesAsync(ILedgerFeed feed)
    {
        var batches = new List<LedgerFeedBatch>();
        for (var after = 0L; ;)
        {
            var entries = await feed.ReadFeedAsync(after, PageSize, CancellationToken.None);
            if (entries.Count == 0)
            {
                return batches;
            }

            batches.Add(LedgerFactDecoder.ToBatch(after, entries));
            after = batches[^1].Through;
        }
    }

    private static async Task<List<long>> CheckpointedOffsetsAsync(string storageConnectionString)
    {
        var offsets = new List<long>();
        var table = new TableClient(storageConnectionString, CheckpointTable);
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            if (long.TryParse(row.GetString("Offset"), out var offset))
            {
                offsets.Add(offset);
            }
        }

        return offsets;
    }

    /// <summary>A bounded number of polls, no time limit asserted.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        for (var poll = 0; poll < MaxPolls; poll++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(PollInterval);
        }

        throw new InvalidOperationException("The condition never held.");
    }
}
