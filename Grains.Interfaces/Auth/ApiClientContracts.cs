namespace FestivalPos.Grains.Interfaces.Auth;

[GenerateSerializer, Alias("FestivalPos.ApiClientRole")]
public enum ApiClientRole
{
    Organizer = 0,
    Device = 1,
    TopUp = 2,

    /// <summary>Runs the cluster: the Orleans Dashboard; none of the organizer's, devices' or top-up provider's calls.</summary>
    Operator = 3,
}

/// <summary>A client secret kept only as a salted PBKDF2-SHA256 hash (base64 salt and hash).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ClientSecretVerifier")]
public sealed record ClientSecretVerifier(
    [property: Id(0)] string Salt,
    [property: Id(1)] string Hash,
    [property: Id(2)] int Iterations);

/// <summary>What a new API client is: its role, the device it acts as (device clients only) and its secret's verifier.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ApiClientRegistration")]
public sealed record ApiClientRegistration(
    [property: Id(0)] ApiClientRole Role,
    [property: Id(1)] string? DeviceId,
    [property: Id(2)] ClientSecretVerifier Secret);

/// <summary>
/// A client as the gateways check it. <see cref="SecretVersion"/> counts the secret's replacements: a token names
/// the version it was issued under and is refused once the secret moved on. <see cref="ConfiguredSecret"/> is the
/// verifier of the secret configuration gave last (the created one until then), so a gateway applies a secret from
/// configuration only when configuration changed it, not over a rotation made through the API.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.ApiClientView")]
public sealed record ApiClientView(
    [property: Id(0)] string ClientId,
    [property: Id(1)] ApiClientRole Role,
    [property: Id(2)] string? DeviceId,
    [property: Id(3)] ClientSecretVerifier Secret,
    [property: Id(4)] bool Revoked,
    [property: Id(5)] int SecretVersion = 0,
    [property: Id(6)] ClientSecretVerifier? ConfiguredSecret = null);

[GenerateSerializer, Alias("FestivalPos.ApiClientCreateOutcome")]
public enum ApiClientCreateOutcome
{
    Created = 0,
    AlreadyExists = 1,
    InvalidInput = 2,
}

[GenerateSerializer, Alias("FestivalPos.ApiClientRevokeOutcome")]
public enum ApiClientRevokeOutcome
{
    /// <summary>The client is revoked (now or before).</summary>
    Revoked = 0,

    NotFound = 1,

    /// <summary>Refused: the client is the last active organizer, and the festival would have none.</summary>
    LastOrganizer = 2,
}
