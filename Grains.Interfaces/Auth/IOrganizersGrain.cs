namespace FestivalPos.Grains.Interfaces.Auth;

/// <summary>
/// The organizer clients and which of them are still active, so that revoking one can never leave the festival
/// without an organizer: every revocation of an organizer is decided here, one at a time. An organizer client
/// registers when it is created and whenever it activates, so clients from before this record are known once used.
/// Keyed by <see cref="All"/>.
/// </summary>
[Alias("FestivalPos.IOrganizersGrain")]
public interface IOrganizersGrain : IGrainWithStringKey
{
    public const string All = "all";

    /// <summary>Records an active organizer; nothing changes if it is known.</summary>
    [Alias("Register")]
    Task Register(string clientId);

    /// <summary>Records the organizer as revoked, unless no other organizer would be active: then false.</summary>
    [Alias("TryRevoke")]
    Task<bool> TryRevoke(string clientId);

    /// <summary>The active organizers' client ids, in order.</summary>
    [Alias("GetActive")]
    Task<string[]> GetActive();
}
