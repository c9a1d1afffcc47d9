namespace FestivalPos.Grains.Interfaces.Auth;

/// <summary>
/// The key every gateway signs and checks access tokens with, when configuration gives none:
/// generated once and kept in the ledger, so all gateways share it. Keyed by <see cref="Current"/>.
/// </summary>
[Alias("FestivalPos.ITokenSigningKeyGrain")]
public interface ITokenSigningKeyGrain : IGrainWithStringKey
{
    public const string Current = "current";

    /// <summary>Base64 of the key bytes, created on the first call.</summary>
    [Alias("GetOrCreate")]
    Task<string> GetOrCreate();
}
