using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using FestivalPos.Grains.Keys;

namespace FestivalPos.Silo.Keys;

/// <summary>
/// The master key as a Key Vault secret (base64 of 32 bytes), read once at start with the silo's managed
/// identity (<see cref="DefaultAzureCredential"/>); the secret's version names the key, so keys wrapped
/// under an older version are told apart after a rotation.
/// </summary>
public static class KeyVaultMasterKey
{
    public static async Task<KeyRing> OpenAsync(SecretClient client, string secretName, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret = await client.GetSecretAsync(secretName, cancellationToken: cancellationToken);
        var key = Convert.FromBase64String(secret.Value);
        if (key.Length != KeyRing.MasterKeyBytes)
        {
            throw new InvalidOperationException($"Key Vault secret '{secretName}' must hold base64 of {KeyRing.MasterKeyBytes} bytes.");
        }

        return new KeyRing(key, $"kv-{secret.Properties.Version}");
    }

    public static SecretClient Client(string vaultUri) => new(new Uri(vaultUri), new DefaultAzureCredential());
}
