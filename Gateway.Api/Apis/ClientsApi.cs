using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.Gateway.Api.Validation;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Interfaces.Devices;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>
/// Organizer calls on API clients (organizer tools, the top-up provider, devices): revoke one, or rotate its secret.
/// Either stops the client's earlier tokens on the gateway that made the change at once and on every other within
/// <see cref="ClientRecordCache.MaxAge"/>.
/// </summary>
public static class ClientsApi
{
    public static IEndpointRouteBuilder MapClientsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/clients").WithTags("Clients")
            .RequireAuthorization(Policies.Organizer)
            .RequireRateLimiting(RateLimitingSetup.ClientPolicy);
        api.MapPost("/{clientId}/revoke", Revoke).WithName("RevokeClient")
            .WithSummary("Revokes an API client: its tokens are refused and it gets no new one; the last active organizer cannot be revoked.");
        api.MapPost("/{clientId}/rotate-secret", RotateSecret).WithName("RotateClientSecret")
            .WithSummary("Gives an API client a new secret, answered only here: its earlier tokens and its old secret stop working.")
            .CarriesSecrets();
        return app;
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Revoke(string clientId, IGrainFactory grains, ClientRecordCache clients)
    {
        var validator = new RequestValidator().ClientId("clientId", clientId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var outcome = await grains.Reference<IApiClientGrain>(clientId).Revoke();
        clients.Evict(clientId);
        switch (outcome)
        {
            case ApiClientRevokeOutcome.NotFound:
                return Problems.NotFound("client", $"Client '{clientId}' does not exist.");
            case ApiClientRevokeOutcome.LastOrganizer:
                return Problems.Conflict("last-organizer", "The last active organizer cannot be revoked",
                    $"Client '{clientId}' is the only active organizer: create another one (Auth:BootstrapOrganizer) before revoking it.");
        }

        // A device's client: its device refuses its unsent offline batches too, as POST /devices/{deviceId}/revoke does.
        if (clientId.StartsWith(ClientIds.DevicePrefix, StringComparison.Ordinal) && Grains.Interfaces.LedgerLimits.IsValidId(clientId[ClientIds.DevicePrefix.Length..]))
        {
            await grains.Reference<IPosDeviceGrain>(clientId[ClientIds.DevicePrefix.Length..]).Revoke();
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ClientSecretResponse>, ProblemHttpResult, ValidationProblem>> RotateSecret(string clientId, IGrainFactory grains, ClientRecordCache clients)
    {
        var validator = new RequestValidator().ClientId("clientId", clientId);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var client = grains.Reference<IApiClientGrain>(clientId);
        var view = await client.Get();
        if (view is null)
        {
            return Problems.NotFound("client", $"Client '{clientId}' does not exist.");
        }

        if (view.Revoked)
        {
            return Problems.Conflict("client-is-revoked", "The client is revoked", $"Client '{clientId}' is revoked; it cannot get a new secret.");
        }

        // Checked as every secret of its id's form is (see SecretChecker): an operator's id stretched, a device's in one round.
        var secret = ClientSecretHasher.NewSecret();
        var verifier = SecretChecker.IsStretched(clientId) ? ClientSecretHasher.Hash(secret) : ClientSecretHasher.HashGenerated(secret);
        if (!await client.ReplaceSecret(verifier))
        {
            return Problems.NotFound("client", $"Client '{clientId}' does not exist.");
        }

        clients.Evict(clientId);
        return TypedResults.Ok(new ClientSecretResponse(clientId, secret));
    }
}
