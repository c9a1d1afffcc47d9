namespace FestivalPos.Silo.Keys;

public enum MasterKeyProvider
{
    /// <summary>Not configured: allowed only in the Development environment, where it means <see cref="File"/>.</summary>
    None = 0,
    File = 1,
    KeyVault = 2,
}

/// <summary>Where the master key comes from (configuration section <c>Keys</c>).</summary>
public sealed class KeysOptions
{
    public const string SectionName = "Keys";

    public MasterKeyProvider Provider { get; set; }

    /// <summary>The owner-only master key file, relative to the working directory; created at first start.</summary>
    public string FilePath { get; set; } = "data/master.key";

    /// <summary>The vault holding the master key as a secret (base64 of 32 bytes), e.g. https://festivalpos-kv.vault.azure.net/.</summary>
    public string? KeyVaultUri { get; set; }

    public string KeyVaultSecretName { get; set; } = "festivalpos-master-key";
}
