namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>Owns one wristband uid, so that it belongs to at most one wallet. Keyed by uid.</summary>
[Alias("FestivalPos.IWristbandGrain")]
public interface IWristbandGrain : IGrainWithStringKey
{
    /// <summary>Claims the uid for the wallet; answers the owning walletId (the caller's on success).</summary>
    [Alias("Claim")]
    Task<string> Claim(string walletId);

    [Alias("GetOwner")]
    Task<string?> GetOwner();
}
