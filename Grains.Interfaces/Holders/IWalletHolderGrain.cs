namespace FestivalPos.Grains.Interfaces.Holders;

/// <summary>
/// The personal data of one wallet's holder, kept apart from the ledger (sealed, in a store that can really delete).
/// Keyed by walletId.
/// </summary>
[Alias("FestivalPos.IWalletHolderGrain")]
public interface IWalletHolderGrain : IGrainWithStringKey
{
    /// <summary>Stores the data, replacing what was there.</summary>
    [Alias("Set")]
    Task<HolderResult> Set(HolderData data);

    [Alias("Get")]
    Task<HolderResult> Get();

    /// <summary>Removes the data for good and leaves a tombstone with the time; the ledger is left as it is.</summary>
    [Alias("Erase")]
    Task<HolderResult> Erase();
}
