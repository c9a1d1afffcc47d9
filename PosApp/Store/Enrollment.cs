namespace FestivalPos.PosApp.Store;

/// <summary>What <c>POST /api/v1/devices</c> returned, with where the gateway is.</summary>
public sealed record Enrollment(
    string GatewayUrl, string DeviceId, string StandId, string ClientId, string ClientSecret, byte[] SigningKey, string? GatewayCertificateSha256, long MaxPerWallet)
{
    public const long DefaultMaxPerWallet = 5000;
}
