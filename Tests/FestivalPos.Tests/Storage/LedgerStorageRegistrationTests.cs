using FestivalPos.Storage;
using FestivalPos.Storage.PostgreSql;
using FestivalPos.Storage.Sqlite;
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

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLedgerStorage(configuration).BuildServiceProvider();
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddLedgerStorage(builder.Configuration);
        return builder.Build();
    }
}
