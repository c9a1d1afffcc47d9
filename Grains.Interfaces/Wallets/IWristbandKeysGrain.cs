namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>
/// Hands out SUN wristbands' keys, for the station that programs wristbands before the festival. Keys are derived
/// from the master key on request and never stored. Any silo answers: use the key <see cref="Any"/>.
/// </summary>
[Alias("FestivalPos.IWristbandKeysGrain")]
public interface IWristbandKeysGrain : IGrainWithIntegerKey
{
    public const long Any = 0;

    /// <summary>The most uids one request may name.</summary>
    public const int MaxUidsPerRequest = 1000;

    /// <summary>Each uid's AES-128 key (its SDM file read key) in upper-case hex, in the order given; uids are 7 bytes in upper-case hex.</summary>
    [Alias("SunKeys")]
    Task<string[]> SunKeys(string[] uids);
}
