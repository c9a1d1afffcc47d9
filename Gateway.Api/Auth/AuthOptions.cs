using System.ComponentModel.DataAnnotations;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Token issuing and the bootstrap clients, bound from the Auth section.</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";
    public const int MinSigningKeyBytes = 32;
    public const int MinBootstrapSecretLength = 16;

    /// <summary>Besides the current one, as many as the cluster keeps.</summary>
    public const int MaxPreviousSigningKeys = Grains.Interfaces.Auth.ITokenSigningKeyGrain.MaxKeys - 1;

    /// <summary>How far a token's times may be off the gateway's clock.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Base64 of at least 32 bytes, the key new tokens are signed with. When empty, the keys are kept in the cluster.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Keys tokens were signed with before <see cref="SigningKey"/>, still accepted and never used to sign.</summary>
    public string[] PreviousSigningKeys { get; set; } = [];

    /// <summary>How often the gateway reads the cluster's keys again, to sign with a key rotated through another gateway.</summary>
    [Range(1, 300)]
    public int SigningKeyRefreshSeconds { get; set; } = 5;

    [Required]
    public string Issuer { get; set; } = "festivalpos";

    [Required]
    public string Audience { get; set; } = "festivalpos-api";

    /// <summary>Lifetime of an access token; API.md promises 900.</summary>
    [Range(60, 3600)]
    public int TokenLifetimeSeconds { get; set; } = 900;

    /// <summary>How long a retired key is still accepted: the last tokens it signed live this long, clock skew included.</summary>
    public TimeSpan AcceptedAfterRetirement => TimeSpan.FromSeconds(TokenLifetimeSeconds) + ClockSkew;

    public BootstrapClientOptions BootstrapOrganizer { get; set; } = new();

    public BootstrapClientOptions BootstrapTopup { get; set; } = new();

    public BootstrapClientOptions BootstrapOperator { get; set; } = new();

    /// <summary>The clients created from configuration at start, each under its configuration key.</summary>
    public IEnumerable<(string Name, BootstrapClientOptions Client, ApiClientRole Role)> BootstrapClients() =>
    [
        (nameof(BootstrapOrganizer), BootstrapOrganizer, ApiClientRole.Organizer),
        (nameof(BootstrapTopup), BootstrapTopup, ApiClientRole.TopUp),
        (nameof(BootstrapOperator), BootstrapOperator, ApiClientRole.Operator),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (problem, member) in SigningKeyProblems())
        {
            yield return new ValidationResult(problem, [member]);
        }

        foreach (var (name, client, _) in BootstrapClients())
        {
            foreach (var problem in client.Problems($"Auth:{name}"))
            {
                yield return new ValidationResult(problem, [name]);
            }
        }
    }

    private IEnumerable<(string Problem, string Member)> SigningKeyProblems()
    {
        if (!string.IsNullOrEmpty(SigningKey) && DecodeSigningKey(SigningKey) is null)
        {
            yield return ($"Auth:SigningKey must be base64 of at least {MinSigningKeyBytes} bytes.", nameof(SigningKey));
        }

        if (PreviousSigningKeys.Length > 0 && string.IsNullOrEmpty(SigningKey))
        {
            yield return ("Auth:PreviousSigningKeys needs Auth:SigningKey: without it the keys are kept in the cluster and rotated with POST /api/v1/auth/signing-keys/rotate.",
                nameof(PreviousSigningKeys));
        }

        if (PreviousSigningKeys.Length > MaxPreviousSigningKeys)
        {
            yield return ($"Auth:PreviousSigningKeys may hold at most {MaxPreviousSigningKeys} keys.", nameof(PreviousSigningKeys));
        }

        var current = string.IsNullOrEmpty(SigningKey) ? null : DecodeSigningKey(SigningKey);
        for (var i = 0; i < PreviousSigningKeys.Length; i++)
        {
            var previous = DecodeSigningKey(PreviousSigningKeys[i]);
            if (previous is null)
            {
                yield return ($"Auth:PreviousSigningKeys:{i} must be base64 of at least {MinSigningKeyBytes} bytes.", nameof(PreviousSigningKeys));
            }
            else if (current is not null && previous.AsSpan().SequenceEqual(current))
            {
                yield return ($"Auth:PreviousSigningKeys:{i} is Auth:SigningKey itself: a previous key is one no longer signed with.", nameof(PreviousSigningKeys));
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
