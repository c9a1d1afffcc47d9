using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// Creates the organizer, top-up and operator clients named in configuration (Auth:BootstrapOrganizer,
/// Auth:BootstrapTopup, Auth:BootstrapOperator) before the gateway serves, and rotates their secret when configuration changed it:
/// when the configured secret is not the one configuration gave last. A secret rotated through the API since
/// then stays, and a revoked client stays revoked (configure another client id to replace it).
/// </summary>
public sealed class BootstrapClients(IGrainFactory grains, IOptions<AuthOptions> options, ILogger<BootstrapClients> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (_, client, role) in options.Value.BootstrapClients())
        {
            if (client.IsConfigured)
            {
                await EnsureWithRetriesAsync(client.ClientId!, client.ClientSecret!, role, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureWithRetriesAsync(string clientId, string secret, ApiClientRole role, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await EnsureAsync(clientId, secret, role);
                return;
            }
            catch (Exception exception) when (ClusterUnavailableExceptionHandler.IsClusterUnavailable(exception) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not create bootstrap client {ClientId} yet; retrying.", clientId);
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private async Task EnsureAsync(string clientId, string secret, ApiClientRole role)
    {
        var grain = grains.Reference<IApiClientGrain>(clientId);
        var existing = await grain.Get();
        if (existing is null && await grain.Create(new ApiClientRegistration(role, null, ClientSecretHasher.Hash(secret))) == ApiClientCreateOutcome.Created)
        {
            logger.LogInformation("Created the {Role} client {ClientId}.", Roles.NameOf(role), clientId);
            return;
        }

        existing ??= await grain.Get() ?? throw new InvalidOperationException($"Bootstrap client {clientId} could not be created.");
        if (existing.Role != role)
        {
            throw new InvalidOperationException($"Client {clientId} exists with role {Roles.NameOf(existing.Role)}, not {Roles.NameOf(role)}: choose another ClientId.");
        }

        if (existing.Revoked)
        {
            logger.LogWarning("The {Role} client {ClientId} named in configuration is revoked and stays so; configure another ClientId to replace it.", Roles.NameOf(role), clientId);
            return;
        }

        if (!ClientSecretHasher.Matches(existing.ConfiguredSecret ?? existing.Secret, secret))
        {
            await grain.ApplyConfiguredSecret(ClientSecretHasher.Hash(secret));
            logger.LogInformation("Rotated the secret of client {ClientId} from configuration.", clientId);
        }
    }
}
