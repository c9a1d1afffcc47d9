namespace FestivalPos.Grains.Interfaces.TopUps;

[GenerateSerializer, Immutable, Alias("FestivalPos.TopUpRequest")]
public sealed record TopUpRequest(
    [property: Id(0)] string TopUpId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] long Amount);

[GenerateSerializer, Alias("FestivalPos.TopUpOutcome")]
public enum TopUpOutcome
{
    Applied = 0,
    Duplicate = 1,
    Conflict = 2,
    WalletNotFound = 3,
    InvalidInput = 4,

    /// <summary>The amount is above <c>Wallets:MaxTopUp</c>; nothing was recorded.</summary>
    OverTopUpLimit = 5,

    /// <summary>The wallet would hold more than <c>Wallets:MaxBalance</c>; nothing was recorded.</summary>
    OverBalanceLimit = 6,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.TopUpResult")]
public sealed record TopUpResult(
    [property: Id(0)] string TopUpId,
    [property: Id(1)] TopUpOutcome Outcome,
    [property: Id(2)] long Balance,
    [property: Id(3)] long Limit = 0);

/// <summary>
/// Owns one provider topupId across all wallets, so the same id can never credit two wallets
/// or two amounts. Keyed by topupId.
/// </summary>
[Alias("FestivalPos.ITopUpGrain")]
public interface ITopUpGrain : IGrainWithStringKey
{
    [Alias("Apply")]
    Task<TopUpResult> Apply(TopUpRequest request);
}
