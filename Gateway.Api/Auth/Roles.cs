using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Role names as they appear in tokens, and the claims the gateway puts in them.</summary>
public static class Roles
{
    public const string Organizer = "organizer";
    public const string Device = "device";
    public const string TopUp = "topup";
    public const string Operator = "operator";

    public const string RoleClaim = "role";
    public const string ClientIdClaim = "sub";
    public const string DeviceIdClaim = "device_id";

    /// <summary>The client's secret version when the token was issued: a token from before a rotation is refused.</summary>
    public const string SecretVersionClaim = "secret_version";

    public static string NameOf(ApiClientRole role) => role switch
    {
        ApiClientRole.Organizer => Organizer,
        ApiClientRole.Device => Device,
        ApiClientRole.TopUp => TopUp,
        ApiClientRole.Operator => Operator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}

/// <summary>Authorization policies: which roles may call an endpoint.</summary>
public static class Policies
{
    public const string Organizer = "organizer";
    public const string Device = "device";
    public const string TopUp = "topup";
    public const string OrganizerOrTopUp = "organizer-or-topup";
    public const string DeviceOrOrganizer = "device-or-organizer";
    public const string Operator = "operator";
}
