namespace FestivalPos.Grains.Interfaces.Devices;

[GenerateSerializer, Alias("FestivalPos.DeviceStatus")]
public enum DeviceStatus
{
    Active = 0,
    Revoked = 1,
}

[GenerateSerializer, Alias("FestivalPos.EnrollOutcome")]
public enum EnrollOutcome
{
    Enrolled = 0,
    AlreadyExists = 1,
    InvalidInput = 2,
}

/// <summary>
/// The answer to an enrollment; the signing key is given out only once, here. <see cref="SnapshotKey"/> is the
/// festival's key for the offline snapshot's uid digests; <see cref="OfflineMaxPerWallet"/> the limit that applies.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.EnrollResult")]
public sealed record EnrollResult(
    [property: Id(0)] EnrollOutcome Outcome,
    [property: Id(1)] string? SigningKey,
    [property: Id(2)] string? SnapshotKey = null,
    [property: Id(3)] long OfflineMaxPerWallet = 0);

[GenerateSerializer, Immutable, Alias("FestivalPos.DeviceView")]
public sealed record DeviceView(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string StandId,
    [property: Id(2)] DeviceStatus Status,
    [property: Id(3)] long AckedThrough,
    [property: Id(4)] long[] Gaps,
    [property: Id(5)] string LedgerEpoch);

/// <summary>An offline sale as the terminal signed it.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.OfflineTransaction")]
public sealed record OfflineTransaction(
    [property: Id(0)] long Seq,
    [property: Id(1)] string WalletId,
    [property: Id(2)] long Amount,
    [property: Id(3)] string CreatedAt,
    [property: Id(4)] Credential Credential,
    [property: Id(5)] string Signature,
    [property: Id(6)] Wallets.ChargeLine[]? Lines = null);

[GenerateSerializer, Alias("FestivalPos.BatchOutcome")]
public enum BatchOutcome
{
    Accepted = 0,
    DeviceNotFound = 1,
    TooLarge = 2,
}

[GenerateSerializer, Immutable, Alias("FestivalPos.BatchResult")]
public sealed record BatchResult(
    [property: Id(0)] BatchOutcome Outcome,
    [property: Id(1)] Wallets.OfflineChargeResult[] Results,
    [property: Id(2)] long AckedThrough,
    [property: Id(3)] string LedgerEpoch);
