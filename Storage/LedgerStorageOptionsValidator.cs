using FestivalPos.Storage.Cosmos;
using Microsoft.Extensions.Options;

namespace FestivalPos.Storage;

internal sealed class LedgerStorageOptionsValidator : IValidateOptions<LedgerStorageOptions>
{
    private const string Section = LedgerStorageOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LedgerStorageOptions options)
    {
        var failures = new List<string>();
        switch (options.Provider)
        {
            case LedgerStorageProvider.Sqlite when string.IsNullOrWhiteSpace(options.Sqlite.Path):
                failures.Add($"{Section}:Sqlite:Path must not be empty when {Section}:Provider is Sqlite.");
                break;
            case LedgerStorageProvider.PostgreSql when string.IsNullOrWhiteSpace(options.PostgreSql.ConnectionString):
                failures.Add($"{Section}:PostgreSql:ConnectionString is required when {Section}:Provider is PostgreSql.");
                break;
            case LedgerStorageProvider.Cosmos:
                failures.AddRange(CosmosFailures(options.Cosmos));
                break;
            case LedgerStorageProvider.Sqlite or LedgerStorageProvider.PostgreSql:
                break;
            default:
                failures.Add($"{Section}:Provider must be Sqlite, PostgreSql or Cosmos.");
                break;
        }

        if (options.Provider == LedgerStorageProvider.PostgreSql && options.PostgreSql.MaxConcurrentCommits < 1)
        {
            failures.Add($"{Section}:PostgreSql:MaxConcurrentCommits must be at least 1.");
        }

        if (options.GroupCommit.MaxAppendsPerCommit < 1)
        {
            failures.Add($"{Section}:GroupCommit:MaxAppendsPerCommit must be at least 1.");
        }

        if (options.GroupCommit.MaxQueuedAppends < 1)
        {
            failures.Add($"{Section}:GroupCommit:MaxQueuedAppends must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> CosmosFailures(CosmosStorageOptions cosmos)
    {
        const string Cosmos = $"{Section}:Cosmos";
        var hasEndpoint = !string.IsNullOrWhiteSpace(cosmos.AccountEndpoint);
        var hasConnectionString = !string.IsNullOrWhiteSpace(cosmos.ConnectionString);
        if (hasEndpoint == hasConnectionString)
        {
            yield return $"{Cosmos}: set either AccountEndpoint (signed in with DefaultAzureCredential) or ConnectionString when {Section}:Provider is Cosmos, not both.";
        }
        else if (hasEndpoint && !Uri.TryCreate(cosmos.AccountEndpoint, UriKind.Absolute, out _))
        {
            yield return $"{Cosmos}:AccountEndpoint must be an absolute URL such as https://ACCOUNT.documents.azure.com:443/.";
        }

        if (!string.IsNullOrWhiteSpace(cosmos.ServerCertificatePath) && !IsLoopback(cosmos))
        {
            yield return $"{Cosmos}:ServerCertificatePath is for a server on this machine only: the endpoint's host must be 127.0.0.1 or localhost.";
        }

        if (string.IsNullOrWhiteSpace(cosmos.DatabaseName) || string.IsNullOrWhiteSpace(cosmos.ContainerName))
        {
            yield return $"{Cosmos}:DatabaseName and {Cosmos}:ContainerName must not be empty.";
        }

        if (cosmos.MaxConcurrentAppends < 1 || cosmos.MaxConcurrentCommits < 1 || cosmos.MaxThrottledAttempts < 1)
        {
            yield return $"{Cosmos}:MaxConcurrentAppends, MaxConcurrentCommits and MaxThrottledAttempts must be at least 1.";
        }

        if (cosmos.ReservationGraceMs < 0 || cosmos.MaxThrottledWaitMs < 0)
        {
            yield return $"{Cosmos}:ReservationGraceMs and MaxThrottledWaitMs must not be negative.";
        }

        if (cosmos.FeedSettleGraceMs <= cosmos.ReservationGraceMs)
        {
            // An announced append may wait a reservation grace before it commits; a shorter feed grace would fence it off every time.
            yield return $"{Cosmos}:FeedSettleGraceMs must be longer than ReservationGraceMs.";
        }
    }

    private static bool IsLoopback(CosmosStorageOptions cosmos)
    {
        var endpoint = cosmos.AccountEndpoint;
        if (!string.IsNullOrWhiteSpace(cosmos.ConnectionString))
        {
            var builder = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = cosmos.ConnectionString };
            endpoint = builder.TryGetValue("AccountEndpoint", out var value) ? value as string : null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback;
    }
}
