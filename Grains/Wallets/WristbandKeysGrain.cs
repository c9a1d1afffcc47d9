using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire.Sun;
using Orleans.Concurrency;

namespace FestivalPos.Grains.Wallets;

/// <summary>Derives SUN wristbands' keys (<see cref="Keys.KeyRing.WristbandKey"/>); it holds nothing, so every silo may answer at once.</summary>
[StatelessWorker]
public sealed class WristbandKeysGrain(Keys.KeyRing keys) : Grain, IWristbandKeysGrain
{
    public Task<string[]> SunKeys(string[] uids)
    {
        if (uids.Length > IWristbandKeysGrain.MaxUidsPerRequest || !uids.All(SunMessage.IsUid))
        {
            throw new ArgumentException($"At most {IWristbandKeysGrain.MaxUidsPerRequest} uids of 7 bytes in upper-case hex.", nameof(uids));
        }

        return Task.FromResult<string[]>([.. uids.Select(uid => Convert.ToHexString(keys.WristbandKey(uid)))]);
    }
}
