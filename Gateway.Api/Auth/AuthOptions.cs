using System.ComponentModel.DataAnnotations;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Token issuing and the bootstrap clients, bound from the Auth section.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";
    public const int MinSigningKeyBytes = 32;
    public const int MinBootstrapSecretLength = 16;

    /// <summary>Base64 of at least 32 bytes. When empty, a key is generated once and kept in the cluster.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "festivalpos";

    [Required]
    public string Audience { get; set; } = "festivalpos-api";

    /// <summary>Lifetime of an access token; API.md promises 900.</summary>
    [Range(60, 3600)]
    public int TokenLifetimeSeconds { get; set; } = 900;

    public BootstrapClientOptions BootstrapOrganizer { get; set; } = new();

    public BootstrapClientOptions BootstrapTopup { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SigningKey) && DecodeSigningKey(SigningKey) is null)
        {
            yield return new ValidationResult($"Auth:SigningKey must be base64 of at least {MinSigningKeyBytes} bytes.", [nameof(SigningKey)]);
        }

        foreach (var (name, client) in new[] { (nameof(BootstrapOrganizer), BootstrapOrganizer), (nameof(BootstrapTopup), BootstrapTopup) })
        {
            foreach (var problem in client.Problems($"Auth:{name}"))
            {
                yield return new ValidationResult(problem, [name]);
            }
        }
    }

    public static byte[]? DecodeSigningKey(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= MinSigningKeyBytes ? buffer[..written] : null;
    }
}

public sealed class BootstrapClientOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(ClientId) || !string.IsNullOrEmpty(ClientSecret);

    public IEnumerable<string> Problems(string key)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (!ClientIds.IsValidBootstrapId(ClientId))
        {
            yield return $"{key}:ClientId must be 1 to 64 characters of A-Z a-z 0-9 _ - and must not start with '{ClientIds.DevicePrefix}'.";
        }

        if (ClientSecret is not { Length: >= AuthOptions.MinBootstrapSecretLength and <= Validation.RequestValidator.MaxSecretLength })
        {
            yield return $"{key}:ClientSecret must be {AuthOptions.MinBootstrapSecretLength} to {Validation.RequestValidator.MaxSecretLength} characters.";
        }
    }
}
