using System.Text.RegularExpressions;
using FestivalPos.Grains.Interfaces;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>Client ids: a device's client is "device-{deviceId}", so it can never collide with a configured client.</summary>
public static partial class ClientIds
{
    public const string DevicePrefix = "device-";

    public static string ForDevice(string deviceId) => DevicePrefix + deviceId;

    public static bool IsValid(string? clientId) => clientId is { Length: > 0 and <= Grains.Interfaces.Auth.IApiClientGrain.MaxClientIdLength } && Pattern().IsMatch(clientId);

    public static bool IsValidBootstrapId(string? clientId) =>
        LedgerLimits.IsValidId(clientId) && !clientId!.StartsWith(DevicePrefix, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
