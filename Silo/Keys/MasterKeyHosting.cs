using FestivalPos.Grains.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Silo.Keys;

public static class MasterKeyHosting
{
    /// <summary>
    /// Opens the master key as <c>Keys:Provider</c> says. Outside Development the silo refuses to start without
    /// a provider: a ledger whose keys sit beside it in clear protects no money.
    /// </summary>
    public static IHostApplicationBuilder AddMasterKey(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeysOptions.SectionName).Get<KeysOptions>() ?? new KeysOptions();
        var provider = options.Provider == MasterKeyProvider.None && builder.Environment.IsDevelopment() ? MasterKeyProvider.File : options.Provider;
        var keys = provider switch
        {
            MasterKeyProvider.File => FileMasterKey.Open(options.FilePath),
            MasterKeyProvider.KeyVault when options.KeyVaultUri is { Length: > 0 } vault =>
                KeyVaultMasterKey.OpenAsync(KeyVaultMasterKey.Client(vault), options.KeyVaultSecretName, CancellationToken.None).GetAwaiter().GetResult(),
            MasterKeyProvider.KeyVault => throw new InvalidOperationException("Keys:KeyVaultUri is required when Keys:Provider is KeyVault."),
            _ => throw new InvalidOperationException(
                "Keys:Provider is not set: give File (with Keys:FilePath, an owner-only file) or KeyVault (with Keys:KeyVaultUri); only the Development environment defaults to a file in data/."),
        };
        builder.Services.AddSingleton(keys);
        return builder;
    }
}
