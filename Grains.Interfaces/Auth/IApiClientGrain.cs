namespace FestivalPos.Grains.Interfaces.Auth;

/// <summary>
/// One client of the HTTP API (organizer tool, top-up provider or POS device): its role, hashed
/// secret and revocation. Gateways keep no client state of their own. Keyed by clientId.
/// </summary>
[Alias("FestivalPos.IApiClientGrain")]
public interface IApiClientGrain : IGrainWithStringKey
{
    /// <summary>Maximum length of a client id.</summary>
    public const int MaxClientIdLength = 128;

    [Alias("Create")]
    Task<ApiClientCreateOutcome> Create(ApiClientRegistration registration);

    /// <summary>Rotates the secret (its version moves on, so earlier tokens stop); false if the client is unknown.</summary>
    [Alias("ReplaceSecret")]
    Task<bool> ReplaceSecret(ClientSecretVerifier secret);

    /// <summary>Sets the secret configuration gives (a bootstrap client's), as <see cref="ReplaceSecret"/> does; false if the client is unknown.</summary>
    [Alias("ApplyConfiguredSecret")]
    Task<bool> ApplyConfiguredSecret(ClientSecretVerifier secret);

    /// <summary>
    /// Stops the client: its tokens are refused from the next request on. The last active organizer is not
    /// revoked (<see cref="ApiClientRevokeOutcome.LastOrganizer"/>): nobody could manage the festival any more.
    /// </summary>
    [Alias("RevokeClient")]
    Task<ApiClientRevokeOutcome> Revoke();

    [Alias("Get")]
    Task<ApiClientView?> Get();
}
