namespace FestivalPos.PosApp.Store;

/// <summary>
/// What <c>POST /api/v1/devices</c> returned, with where the gateway is. <see cref="MaxPerWallet"/> is the
/// enrolled <c>offlineMaxPerWallet</c> (a terminal may only lower it: the server refuses offline sales above it).
/// </summary>
public sealed record Enrollment(
    string GatewayUrl,
    string DeviceId,
    string StandId,
    string ClientId,
    string ClientSecret,
    byte[] SigningKey,
    byte[] SnapshotKey,
    string? GatewayCertificateSha256,
    long MaxPerWallet)
{
    /// <summary>API.md's <c>Offline:DefaultMaxPerWallet</c>, for an enrollment file written before API 1.1 named the limit.</summary>
    public const long DefaultOfflineMaxPerWallet = 5000;

    /// <summary>The terminal's enrollment from the gateway's answer; <paramref name="maxPerWallet"/> may only lower the enrolled limit.</summary>
    public static Enrollment From(EnrolledDevice enrolled, string gatewayUrl, string? certificateSha256, long? maxPerWallet = null) => new(
        gatewayUrl, enrolled.DeviceId, enrolled.StandId, enrolled.ClientId, enrolled.ClientSecret,
        Key(enrolled.SigningKey, "signingKey"), Key(enrolled.SnapshotKey, "snapshotKey"), certificateSha256,
        Math.Min(enrolled.OfflineMaxPerWallet, maxPerWallet ?? long.MaxValue));

    private static byte[] Key(string base64, string name)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new PosException(ExitCodes.BadInput, $"The enrollment's {name} is not base64.");
        }
    }
}
