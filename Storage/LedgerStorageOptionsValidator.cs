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
            case LedgerStorageProvider.Sqlite or LedgerStorageProvider.PostgreSql:
                break;
            default:
                failures.Add($"{Section}:Provider must be Sqlite or PostgreSql.");
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
}
