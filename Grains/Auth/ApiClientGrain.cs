using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ApiClientCreated), "apiClientCreated")]
[JsonDerivedType(typeof(ApiClientSecretReplaced), "apiClientSecretReplaced")]
[JsonDerivedType(typeof(ApiClientSecretConfigured), "apiClientSecretConfigured")]
[JsonDerivedType(typeof(ApiClientRevoked), "apiClientRevoked")]
public abstract record ApiClientEvent(DateTimeOffset RecordedAt);

public sealed record ApiClientCreated(ApiClientRole Role, string? DeviceId, ClientSecretVerifier Secret, DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

/// <summary>A new secret from an enrollment or a rotation through the API.</summary>
public sealed record ApiClientSecretReplaced(ClientSecretVerifier Secret, DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

/// <summary>A new secret from configuration (a bootstrap client's).</summary>
public sealed record ApiClientSecretConfigured(ClientSecretVerifier Secret, DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

public sealed record ApiClientRevoked(DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

public sealed class ApiClientState : IStreamState<ApiClientEvent>
{
    public ApiClientCreated? Created { get; private set; }

    public ClientSecretVerifier? Secret { get; private set; }

    /// <summary>The secret configuration gave last; the created one until configuration gives another.</summary>
    public ClientSecretVerifier? ConfiguredSecret { get; private set; }

    /// <summary>How many times the secret was replaced: tokens carry it, and one from before a replacement is refused.</summary>
    public int SecretVersion { get; private set; }

    public bool Revoked { get; private set; }

    public void Apply(ApiClientEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case ApiClientCreated created:
                Created = created;
                Secret = created.Secret;
                ConfiguredSecret = created.Secret;
                break;
            case ApiClientSecretReplaced replaced:
                Secret = replaced.Secret;
                SecretVersion++;
                break;
            case ApiClientSecretConfigured configured:
                Secret = configured.Secret;
                ConfiguredSecret = configured.Secret;
                SecretVersion++;
                break;
            case ApiClientRevoked:
                Revoked = true;
                break;
            default:
                throw new InvalidOperationException($"Unknown API client event {@event.GetType().Name}.");
        }
    }
}

/// <summary>One API client. Only the verifier of its secret is stored; the gateways check secrets and tokens against it.</summary>
public sealed class ApiClientGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IApiClientGrain
{
    private const int MaxVerifierFieldLength = 256;

    private EventStream<ApiClientState, ApiClientEvent> _stream = null!;

    private string ClientId => this.GetPrimaryKeyString();

    private IOrganizersGrain Organizers => GrainFactory.Reference<IOrganizersGrain>(IOrganizersGrain.All);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<ApiClientState, ApiClientEvent>(store, keys.Chain, $"apiclient/{ClientId}", new ApiClientState());
        await _stream.RefreshAsync();

        // Organizers created before the roster existed join it the first time they are used.
        if (_stream.State is { Created.Role: ApiClientRole.Organizer, Revoked: false })
        {
            await Organizers.Register(ClientId);
        }
    }

    public async Task<ApiClientCreateOutcome> Create(ApiClientRegistration registration)
    {
        if (!IsValid(registration))
        {
            return ApiClientCreateOutcome.InvalidInput;
        }

        var outcome = await _stream.DecideAsync(state => state.Created is not null
            ? Decision<ApiClientEvent, ApiClientCreateOutcome>.Answer(ApiClientCreateOutcome.AlreadyExists)
            : new([new ApiClientCreated(registration.Role, registration.DeviceId, registration.Secret, Now)], ApiClientCreateOutcome.Created));
        if (outcome == ApiClientCreateOutcome.Created && registration.Role == ApiClientRole.Organizer)
        {
            await Organizers.Register(ClientId);
        }

        return outcome;
    }

    public Task<bool> ReplaceSecret(ClientSecretVerifier secret) => Replace(secret, verifier => new ApiClientSecretReplaced(verifier, Now));

    public Task<bool> ApplyConfiguredSecret(ClientSecretVerifier secret) => Replace(secret, verifier => new ApiClientSecretConfigured(verifier, Now));

    public async Task<ApiClientRevokeOutcome> Revoke()
    {
        await _stream.RefreshAsync();
        if (_stream.State is not { Created: { } created } state)
        {
            return ApiClientRevokeOutcome.NotFound;
        }

        // The roster decides organizers one at a time, so two organizers revoking each other cannot both go.
        if (!state.Revoked && created.Role == ApiClientRole.Organizer && !await Organizers.TryRevoke(ClientId))
        {
            return ApiClientRevokeOutcome.LastOrganizer;
        }

        return await _stream.DecideAsync(current => current.Revoked
            ? Decision<ApiClientEvent, ApiClientRevokeOutcome>.Answer(ApiClientRevokeOutcome.Revoked)
            : new([new ApiClientRevoked(Now)], ApiClientRevokeOutcome.Revoked));
    }

    public async Task<ApiClientView?> Get()
    {
        await _stream.RefreshAsync();
        var state = _stream.State;
        return state.Created is { } created
            ? new ApiClientView(ClientId, created.Role, created.DeviceId, state.Secret!, state.Revoked, state.SecretVersion, state.ConfiguredSecret)
            : null;
    }

    private DateTimeOffset Now => time.GetUtcNow();

    private Task<bool> Replace(ClientSecretVerifier secret, Func<ClientSecretVerifier, ApiClientEvent> replaced) =>
        !IsValid(secret) ? Task.FromResult(false)
        : _stream.DecideAsync(state => state.Created is null
            ? Decision<ApiClientEvent, bool>.Answer(false)
            : new([replaced(secret)], true));

    private bool IsValid(ApiClientRegistration registration) =>
        ClientId.Length is > 0 and <= IApiClientGrain.MaxClientIdLength
        && Enum.IsDefined(registration.Role)
        && (registration.Role == ApiClientRole.Device ? LedgerLimits.IsValidId(registration.DeviceId) : registration.DeviceId is null)
        && IsValid(registration.Secret);

    private static bool IsValid(ClientSecretVerifier? secret) =>
        secret is { Iterations: > 0 }
        && secret.Salt is { Length: > 0 and <= MaxVerifierFieldLength }
        && secret.Hash is { Length: > 0 and <= MaxVerifierFieldLength };
}
