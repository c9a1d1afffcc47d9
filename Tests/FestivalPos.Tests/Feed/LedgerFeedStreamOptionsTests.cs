using FestivalPos.Grains.Feed;
using FestivalPos.Silo;
using FestivalPos.Silo.Feed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Feed;

/// <summary>Feed:Streams as an operator writes it: each wrong setting named, a right one accepted.</summary>
public sealed class LedgerFeedStreamOptionsTests
{
    [Fact]
    public void Memory_needs_nothing_and_is_the_default()
    {
        LedgerFeedStreamOptions.From(Configuration()).Provider.Should().Be(LedgerFeedStreamProvider.Memory);
    }

    [Fact]
    public void Azure_queues_take_a_connection_string_or_an_https_endpoint_and_name_their_queues_by_prefix()
    {
        var queues = LedgerFeedStreamOptions.From(Configuration(
            ("Provider", "AzureQueues"), ("AzureQueues:Account:ServiceUri", "https://fpos.queue.core.windows.net"), ("AzureQueues:QueueCount", "2")));

        queues.AzureQueues.QueueNames().Should().Equal("ledger-feed-0", "ledger-feed-1");
        Problems(("Provider", "AzureQueues")).Should().ContainSingle().Which.Should().Contain("Feed:Streams:AzureQueues:Account:ServiceUri");
        Problems(("Provider", "AzureQueues"), ("AzureQueues:Account:ServiceUri", "http://fpos.queue.core.windows.net"))
            .Should().ContainSingle().Which.Should().Contain("is not an https URL");
        Problems(("Provider", "AzureQueues"), ("AzureQueues:Account:ConnectionString", "UseDevelopmentStorage=true"), ("AzureQueues:QueueCount", "0"), ("AzureQueues:QueueNamePrefix", "Ledger_Feed"))
            .Should().SatisfyRespectively(
                count => count.Should().StartWith("Feed:Streams:AzureQueues:QueueCount 0"),
                prefix => prefix.Should().StartWith("Feed:Streams:AzureQueues:QueueNamePrefix 'Ledger_Feed'"));
    }

    [Fact]
    public void Event_hubs_take_a_namespace_or_a_connection_string_and_a_checkpoint_table()
    {
        var hub = LedgerFeedStreamOptions.From(Configuration(
            ("Provider", "EventHubs"), ("EventHubs:FullyQualifiedNamespace", "fpos.servicebus.windows.net"), ("EventHubs:Checkpoints:ServiceUri", "https://fpos.table.core.windows.net")));

        hub.EventHubs.Should().BeEquivalentTo(new { HubName = "ledger-feed", ConsumerGroup = "$Default", CheckpointTableName = "LedgerFeedCheckpoints" });
        Problems(("Provider", "EventHubs")).Should().SatisfyRespectively(
            hubProblem => hubProblem.Should().Contain("Feed:Streams:EventHubs:FullyQualifiedNamespace"),
            checkpoints => checkpoints.Should().Contain("Feed:Streams:EventHubs:Checkpoints:ServiceUri"));
        Problems(("Provider", "EventHubs"), ("EventHubs:FullyQualifiedNamespace", "https://fpos.servicebus.windows.net/"), ("EventHubs:Checkpoints:ConnectionString", "UseDevelopmentStorage=true"))
            .Should().ContainSingle().Which.Should().Contain("is not a host name");
    }

    [Fact]
    public void Azure_queues_refuse_a_feed_page_larger_than_one_queue_message_holds()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>("Feed:PageSize", "500")]);
        var streams = LedgerFeedStreamOptions.From(Configuration(("Provider", "AzureQueues"), ("AzureQueues:Account:ConnectionString", "UseDevelopmentStorage=true")));
        builder.UseOrleans(silo => silo.AddLedgerFeed(streams));
        using var host = builder.Build();

        var read = () => host.Services.GetRequiredService<IOptions<LedgerFeedOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage($"*Feed:PageSize must be at most {AzureQueueFeedOptions.MaxPageSize}*");
    }

    [Fact]
    public void An_unknown_provider_is_named()
    {
        var unknown = () => LedgerFeedStreamOptions.From(Configuration(("Provider", "Kafka")));

        unknown.Should().Throw<InvalidOperationException>().WithMessage("*Feed:Streams:Provider*");
    }

    private static IReadOnlyList<string> Problems(params (string Key, string Value)[] settings)
    {
        var read = () => LedgerFeedStreamOptions.From(Configuration(settings));
        return [.. read.Should().Throw<OptionsValidationException>().Which.Failures];
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create<string, string?>($"{LedgerFeedStreamOptions.SectionName}:{setting.Key}", setting.Value)))
            .Build();
}
