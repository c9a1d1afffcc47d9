using Azure.Identity;
using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Silo.Feed;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Streams;

namespace FestivalPos.Silo;

public static class LedgerFeedHosting
{
    /// <summary>
    /// The feed pump, the projections and the stream between them, registered under
    /// <see cref="LedgerFeedStreams.ProviderName"/> as Feed:Streams:Provider says. Whichever provider it is, a batch it
    /// loses or delivers again costs nothing: the projections apply each position once and read what they missed from the
    /// feed. Projections subscribe implicitly, so no pub-sub store is needed.
    /// </summary>
    public static ISiloBuilder AddLedgerFeed(this ISiloBuilder silo, LedgerFeedStreamOptions streams)
    {
        switch (streams.Provider)
        {
            case LedgerFeedStreamProvider.AzureQueues:
                silo.AddAzureQueueFeedStreams(streams.AzureQueues);
                break;
            case LedgerFeedStreamProvider.EventHubs:
                silo.AddEventHubFeedStreams(streams.EventHubs);
                break;
            default:
                silo.AddMemoryStreams(LedgerFeedStreams.ProviderName, memory => memory.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly));
                break;
        }

        silo.Services.AddLedgerFeedPump();
        return silo;
    }

    private static void AddAzureQueueFeedStreams(this ISiloBuilder silo, AzureQueueFeedOptions queues)
    {
        silo.AddAzureQueueStreams(LedgerFeedStreams.ProviderName, configurator =>
        {
            configurator.ConfigureAzureQueue(options => options.Configure(azure =>
            {
                azure.QueueNames = [.. queues.QueueNames()];
                azure.QueueServiceClient = queues.Account.CreateQueueServiceClient();
            }));
            configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        });
        silo.Services.AddOptions<LedgerFeedOptions>().Validate(
            feed => feed.PageSize <= AzureQueueFeedOptions.MaxPageSize,
            $"Feed:PageSize must be at most {AzureQueueFeedOptions.MaxPageSize} when Feed:Streams:Provider is AzureQueues: "
                + "a batch travels as one queue message of 64 KiB at most.");
    }

    private static void AddEventHubFeedStreams(this ISiloBuilder silo, EventHubFeedOptions hub)
    {
        silo.AddEventHubStreams(LedgerFeedStreams.ProviderName, configurator =>
        {
            configurator.ConfigureEventHub(options => options.Configure(eventHub =>
            {
                if (hub.HasConnectionString)
                {
                    eventHub.ConfigureEventHubConnection(hub.ConnectionString!, hub.HubName, hub.ConsumerGroup);
                }
                else
                {
                    eventHub.ConfigureEventHubConnection(hub.FullyQualifiedNamespace!, hub.HubName, hub.ConsumerGroup, new DefaultAzureCredential());
                }
            }));
            configurator.UseAzureTableCheckpointer(options => options.Configure(checkpoints =>
            {
                checkpoints.TableName = hub.CheckpointTableName;
                checkpoints.TableServiceClient = hub.Checkpoints.CreateTableServiceClient();
            }));
            configurator.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        });
    }
}
