using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ApiClientCreated), "apiClientCreated")]
[JsonDerivedType(typeof(ApiClientSecretReplaced), "apiClientSecretReplaced")]
[JsonDerivedType(typeof(ApiClientRevoked), "apiClientRevoked")]
public abstract record ApiClientEvent(DateTimeOffset RecordedAt);

public sealed record ApiClientCreated(ApiClientRole Role, string? DeviceId, ClientSecretVerifier Secret, DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

public sealed record ApiClientSecretReplaced(ClientSecretVerifier Secret, DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

public sealed record ApiClientRevoked(DateTimeOffset RecordedAt) : ApiClientEvent(RecordedAt);

public sealed class ApiClientState : IStreamState<ApiClientEvent>
{
    public ApiClientCreated? Created { get; private set; }

    public ClientSecretVerifier? Secret { get; private set; }

    public bool Revoked { get; private set; }

    public void Apply(ApiClientEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case ApiClientCreated created:
                Created = created;
                Secret = created.Secret;
                break;
            case ApiClientSecretReplaced replaced:
                Secret = replaced.Secret;
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<ApiClientState, ApiClientEvent>(store, keys.Chain, $"apiclient/{ClientId}", new ApiClientState());
        return _stream.RefreshAsync();
    }

    public Task<ApiClientCreateOutcome> Create(ApiClientRegistration registration)
    {
        if (!IsValid(registration))
        {
            return Task.FromResult(ApiClientCreateOutcome.InvalidInput);
        }

        return _stream.DecideAsync(state => state.Created is not null
            ? Decision<ApiClientEvent, ApiClientCreateOutcome>.Answer(ApiClientCreateOutcome.AlreadyExists)
            : new([new ApiClientCreated(registration.Role, registration.DeviceId, registration.Secret, Now)], ApiClientCreateOutcome.Created));
    }

    public Task<bool> ReplaceSecret(ClientSecretVerifier secret) =>
        !IsValid(secret) ? Task.FromResult(false)
        : _stream.DecideAsync(state => state.Created is null
            ? Decision<ApiClientEvent, bool>.Answer(false)
            : new([new ApiClientSecretReplaced(secret, Now)], true));

    public Task<bool> Revoke() =>
        _stream.DecideAsync(state => state.Created is null || state.Revoked
            ? Decision<ApiClientEvent, bool>.Answer(state.Created is not null)
            : new([new ApiClientRevoked(Now)], true));

    public async Task<ApiClientView?> Get()
    {
        await _stream.RefreshAsync();
        var state = _stream.State;
        return state.Created is { } created
            ? new ApiClientView(ClientId, created.Role, created.DeviceId, state.Secret!, state.Revoked)
            : null;
    }

    private DateTimeOffset Now => time.GetUtcNow();

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
