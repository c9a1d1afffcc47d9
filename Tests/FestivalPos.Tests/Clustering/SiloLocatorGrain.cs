using Orleans.Placement;
using Orleans.Runtime;

namespace FestivalPos.Tests.Clustering;

public interface ISiloLocatorGrain : IGrainWithIntegerKey
{
    Task<string> GetSiloAddressAsync();
}

/// <summary>Answers the address of the silo it was activated on; placed at random to reach every silo.</summary>
[RandomPlacement]
public sealed class SiloLocatorGrain(ILocalSiloDetails silo) : Grain, ISiloLocatorGrain
{
    public Task<string> GetSiloAddressAsync() => Task.FromResult(silo.SiloAddress.ToParsableString());
}
