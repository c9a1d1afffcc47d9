using FestivalPos.DevServers;
using FestivalPos.Storage;
using System.Diagnostics.Metrics;
using FestivalPos.Storage.Cosmos;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.Storage.Sqlite;
using FestivalPos.Tests.Storage.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Storage;

public sealed class LedgerStorageRegistrationTests : IDisposable
{
    private const string MissingConnectionString =
        "Ledger:Storage:PostgreSql:ConnectionString is required when Ledger:Storage:Provider is PostgreSql";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"festivalpos-registration-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task PostgreSql_without_a_connection_string_is_rejected_with_a_clear_message()
    {
        await using var services = BuildServices(new() { ["Ledger:Storage:Provider"] = "PostgreSql" });

        var resolve = () => services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage($"*{MissingConnectionString}*");
    }

    [Fact]
    public async Task The_host_refuses_to_start_without_a_connection_string()
    {
        var host = BuildHost(new() { ["Ledger:Storage:Provider"] = "PostgreSql" });

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).WithMessage($"*{MissingConnectionString}*");
        await ((IAsyncDisposable)host).DisposeAsync();
    }

    [Fact]
    public async Task Sqlite_is_the_default_and_one_group_commit_store_serves_as_the_event_store()
    {
        await using var services = BuildServices([]);

        var options = services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;

        options.Provider.Should().Be(LedgerStorageProvider.Sqlite);
        options.Sqlite.Path.Should().Be("data/festivalpos.db");
        options.PostgreSql.MaxConcurrentCommits.Should().Be(4);
        services.GetRequiredService<IEventStoreBackend>().Should().BeOfType<SqliteEventStoreBackend>();
        services.GetRequiredService<IEventStore>().Should().BeSameAs(services.GetRequiredService<GroupCommitEventStore>());
    }

    [Fact]
    public async Task PostgreSql_settings_are_bound()
    {
        await using var services = BuildServices(new()
        {
            ["Ledger:Storage:Provider"] = "PostgreSql",
            ["Ledger:Storage:PostgreSql:ConnectionString"] = "Host=127.0.0.1;Database=ledger",
            ["Ledger:Storage:PostgreSql:MaxConcurrentCommits"] = "6",
            ["Ledger:Storage:GroupCommit:MaxAppendsPerCommit"] = "250",
        });

        var backend = services.GetRequiredService<IEventStoreBackend>();

        backend.Should().BeOfType<PostgresEventStoreBackend>().Which.MaxConcurrentCommits.Should().Be(6);
        services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value.GroupCommit.MaxAppendsPerCommit.Should().Be(250);
    }

    [Fact]
    public async Task A_started_host_has_created_the_sqlite_ledger_and_appends_through_it()
    {
        var path = Path.Combine(_folder, "data", "ledger.db");
        var host = BuildHost(new() { ["Ledger:Storage:Sqlite:Path"] = path });
        try
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IEventStore>();
            await store.AppendAsync("wallet/1", 0, [new EventToAppend("{}", "h")], []);

            File.Exists(path).Should().BeTrue();
            (await store.ReadAsync("wallet/1", 0)).Should().ContainSingle();
            await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [Fact]
    public async Task Cosmos_needs_an_account_endpoint_or_a_connection_string_but_not_both()
    {
        await using var neither = BuildServices(new() { ["Ledger:Storage:Provider"] = "Cosmos" });
        await using var both = BuildServices(new()
        {
            ["Ledger:Storage:Provider"] = "Cosmos",
            ["Ledger:Storage:Cosmos:AccountEndpoint"] = "https://festivalpos.documents.azure.com:443/",
            ["Ledger:Storage:Cosmos:ConnectionString"] = "AccountEndpoint=https://festivalpos.documents.azure.com:443/;AccountKey=a2V5",
        });

        foreach (var services in new[] { neither, both })
        {
            var resolve = () => services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;
            resolve.Should().Throw<OptionsValidationException>().WithMessage(
                "*Ledger:Storage:Cosmos: set either AccountEndpoint (signed in with DefaultAzureCredential) or ConnectionString*");
        }
    }

    [Fact]
    public async Task A_pinned_server_certificate_is_refused_for_a_cosmos_server_not_on_this_machine()
    {
        await using var services = BuildServices(new()
        {
            ["Ledger:Storage:Provider"] = "Cosmos",
            ["Ledger:Storage:Cosmos:ConnectionString"] = "AccountEndpoint=https://festivalpos.documents.azure.com:443/;AccountKey=a2V5",
            ["Ledger:Storage:Cosmos:ServerCertificatePath"] = "/tmp/cert.pem",
        });

        var resolve = () => services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*ServerCertificatePath is for a server on this machine only*");
    }

    [Fact]
    public async Task A_feed_grace_not_longer_than_the_reservation_grace_is_refused()
    {
        await using var services = BuildServices(new()
        {
            ["Ledger:Storage:Provider"] = "Cosmos",
            ["Ledger:Storage:Cosmos:AccountEndpoint"] = "https://festivalpos.documents.azure.com:443/",
            ["Ledger:Storage:Cosmos:ReservationGraceMs"] = "2000",
            ["Ledger:Storage:Cosmos:FeedSettleGraceMs"] = "2000",
        });

        var resolve = () => services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*FeedSettleGraceMs must be longer than ReservationGraceMs*");
    }

    [Fact]
    public async Task Cosmos_settings_are_bound_for_an_account_signed_in_with_a_managed_identity()
    {
        await using var services = BuildServices(new()
        {
            ["Ledger:Storage:Provider"] = "Cosmos",
            ["Ledger:Storage:Cosmos:AccountEndpoint"] = "https://festivalpos.documents.azure.com:443/",
            ["Ledger:Storage:Cosmos:DatabaseName"] = "festival-2027",
            ["Ledger:Storage:Cosmos:ApplicationPreferredRegions:0"] = "West Europe",
            ["Ledger:Storage:Cosmos:ApplicationPreferredRegions:1"] = "North Europe",
            ["Ledger:Storage:Cosmos:MaxConcurrentCommits"] = "2",
        });

        var options = services.GetRequiredService<IOptions<LedgerStorageOptions>>().Value.Cosmos;
        var backend = services.GetRequiredService<IEventStoreBackend>();

        backend.Should().BeOfType<CosmosEventStoreBackend>().Which.MaxConcurrentCommits.Should().Be(2);
        options.DatabaseName.Should().Be("festival-2027");
        options.ContainerName.Should().Be("ledger");
        options.ApplicationPreferredRegions.Should().Equal("West Europe", "North Europe");
    }

    [Fact]
    public async Task A_host_on_cosmos_creates_its_container_appends_through_it_and_records_each_request_charge()
    {
        var ledger = CosmosLedgers.NewOptions();
        var host = BuildHost(CosmosSettings(ledger));
        var charges = new List<(string Operation, double RequestUnits)>();
        using var listener = Listen(host.Services.GetRequiredService<IMeterFactory>(), "festivalpos.storage.cosmos.request_units", charges);
        try
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IEventStore>();
            await store.AppendAsync("wallet/1", 0, [new EventToAppend("{}", "h")], [new IndexEntry("device/1/seqs", 1, "wallet/1")]);

            (await store.ReadAsync("wallet/1", 0)).Should().ContainSingle();
            (await store.ReadIndexAsync("device/1/seqs", 0)).Should().Equal(new IndexEntry("device/1/seqs", 1, "wallet/1"));
            await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            await CosmosLedgers.DeleteAsync(ledger);
        }

        lock (charges)
        {
            charges.Select(c => c.Operation).Should().Contain(["query", "create", "read"]);
            charges.Should().OnlyContain(c => c.RequestUnits > 0);
        }
    }

    [Fact]
    public async Task A_retry_policy_registered_under_its_key_takes_the_cosmos_requests()
    {
        var ledger = CosmosLedgers.NewOptions();
        var policy = new CountingPolicy();
        var host = BuildHost(
            CosmosSettings(ledger),
            services => services.AddKeyedSingleton<RequestHandler>(CosmosEventStoreBackend.ThrottlingPolicyServiceKey, policy));
        try
        {
            await host.StartAsync();
            await host.Services.GetRequiredService<IEventStore>().AppendAsync("wallet/1", 0, [new EventToAppend("{}", "h")], []);
            await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            await CosmosLedgers.DeleteAsync(ledger);
        }

        policy.Requests.Should().BeGreaterThanOrEqualTo(2, "the version check and the append's create at least");
    }

    private static Dictionary<string, string?> CosmosSettings(CosmosStorageOptions ledger) => new()
    {
        ["Ledger:Storage:Provider"] = "Cosmos",
        ["Ledger:Storage:Cosmos:ConnectionString"] = ledger.ConnectionString,
        ["Ledger:Storage:Cosmos:ServerCertificatePath"] = ledger.ServerCertificatePath,
        ["Ledger:Storage:Cosmos:DatabaseName"] = ledger.DatabaseName,
    };

    [Theory]
    [InlineData(LedgerStorageProvider.Sqlite)]
    [InlineData(LedgerStorageProvider.PostgreSql)]
    [InlineData(LedgerStorageProvider.Cosmos)]
    public async Task Each_committed_append_records_how_long_it_took_under_its_backend(LedgerStorageProvider provider)
    {
        var cosmos = CosmosLedgers.NewOptions();
        var host = BuildHost(provider switch
        {
            LedgerStorageProvider.Sqlite => new() { ["Ledger:Storage:Sqlite:Path"] = Path.Combine(_folder, "ledger.db") },
            LedgerStorageProvider.PostgreSql => new()
            {
                ["Ledger:Storage:Provider"] = "PostgreSql",
                ["Ledger:Storage:PostgreSql:ConnectionString"] = PostgresServer.Shared.CreateDatabase("ledger"),
            },
            _ => CosmosSettings(cosmos),
        });
        var appends = new List<(string Backend, double Seconds)>();
        using var listener = Listen(host.Services.GetRequiredService<IMeterFactory>(), "festivalpos.storage.append_duration", appends);
        try
        {
            await host.StartAsync();
            var store = host.Services.GetRequiredService<IEventStore>();
            await store.AppendAsync("wallet/1", 0, [new EventToAppend("{}", "h")], []);
            await store.AppendAsync("wallet/2", 0, [new EventToAppend("{}", "h")], []);
            await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
            if (provider == LedgerStorageProvider.Cosmos)
            {
                await CosmosLedgers.DeleteAsync(cosmos);
            }
        }

        lock (appends)
        {
            appends.Should().HaveCount(2).And.OnlyContain(append => append.Backend == provider.ToString().ToLowerInvariant() && append.Seconds > 0);
        }
    }

    /// <summary>The measurements of one instrument of the storage meter, with their first tag's value.</summary>
    private static MeterListener Listen(IMeterFactory meterFactory, string instrumentName, List<(string Tag, double Value)> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Meter.Scope == meterFactory && instrument.Name == instrumentName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add(((string)tags[0].Value!, value));
            }
        });
        listener.Start();
        return listener;
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLedgerStorage(configuration).BuildServiceProvider();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddLedgerStorage(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Passes every request on, counting them.</summary>
    private sealed class CountingPolicy : RequestHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
