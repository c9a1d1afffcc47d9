using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FestivalPos.Storage;

/// <summary>Creates or migrates the ledger schema at start, so a bad database fails the host at once.</summary>
internal sealed partial class LedgerStorageInitializer(
    IEventStoreBackend backend,
    IOptions<LedgerStorageOptions> options,
    ILogger<LedgerStorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = options.Value.Provider;
        var location = Describe(options.Value);
        try
        {
            await backend.InitializeAsync(cancellationToken);
            LogReady(provider, location);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(exception, provider, location, exception.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(LedgerStorageOptions options)
    {
        if (options.Provider == LedgerStorageProvider.Sqlite)
        {
            return Path.GetFullPath(options.Sqlite.Path);
        }

        if (options.Provider == LedgerStorageProvider.Cosmos)
        {
            return $"container '{options.Cosmos.ContainerName}' of database '{options.Cosmos.DatabaseName}'";
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.PostgreSql.ConnectionString);
            return $"database '{builder.Database}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "an unreadable connection string";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger storage ready: {Provider} at {Location}.")]
    private partial void LogReady(LedgerStorageProvider provider, string location);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Ledger storage {Provider} at {Location} could not be initialized: {Reason}")]
    private partial void LogFailed(Exception exception, LedgerStorageProvider provider, string location, string reason);
}
