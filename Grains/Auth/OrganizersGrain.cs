using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Auth;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OrganizerRegistered), "organizerRegistered")]
[JsonDerivedType(typeof(OrganizerRevoked), "organizerRevoked")]
public abstract record OrganizerEvent(
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("recordedAt")] DateTimeOffset RecordedAt);

public sealed record OrganizerRegistered(string ClientId, DateTimeOffset RecordedAt) : OrganizerEvent(ClientId, RecordedAt);

public sealed record OrganizerRevoked(string ClientId, DateTimeOffset RecordedAt) : OrganizerEvent(ClientId, RecordedAt);

public sealed class OrganizersState : IStreamState<OrganizerEvent>
{
    public SortedSet<string> Active { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Revoked { get; } = new(StringComparer.Ordinal);

    public void Apply(OrganizerEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case OrganizerRegistered registered:
                Active.Add(registered.ClientId);
                break;
            case OrganizerRevoked revoked:
                Active.Remove(revoked.ClientId);
                Revoked.Add(revoked.ClientId);
                break;
            default:
                throw new InvalidOperationException($"Unknown organizer event {@event.GetType().Name}.");
        }
    }
}

/// <summary>
/// The roster of organizer clients. Not reentrant: revocations are decided one at a time, so the last active
/// organizer always stays. A revocation is recorded here before the client's own record; if the second write is
/// lost the roster counts one organizer too few, which only ever refuses a revocation, never allows one.
/// </summary>
public sealed class OrganizersGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time) : Grain, IOrganizersGrain
{
    private EventStream<OrganizersState, OrganizerEvent> _stream = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<OrganizersState, OrganizerEvent>(store, keys.Chain, $"auth/organizers/{this.GetPrimaryKeyString()}", new OrganizersState());
        return _stream.RefreshAsync();
    }

    public Task Register(string clientId) =>
        _stream.DecideAsync(state => state.Active.Contains(clientId) || state.Revoked.Contains(clientId)
            ? Decision<OrganizerEvent, bool>.Answer(false)
            : new([new OrganizerRegistered(clientId, time.GetUtcNow())], true));

    public Task<bool> TryRevoke(string clientId) =>
        _stream.DecideAsync(state =>
        {
            if (state.Revoked.Contains(clientId))
            {
                return Decision<OrganizerEvent, bool>.Answer(true);
            }

            var othersActive = state.Active.Count(id => !string.Equals(id, clientId, StringComparison.Ordinal));
            return othersActive == 0
                ? Decision<OrganizerEvent, bool>.Answer(false)
                : new([new OrganizerRevoked(clientId, time.GetUtcNow())], true);
        });

    public async Task<string[]> GetActive()
    {
        await _stream.RefreshAsync();
        return [.. _stream.State.Active];
    }
}
