namespace FestivalPos.Grains.Interfaces.Reports;

[GenerateSerializer, Alias("FestivalPos.AnomalyKind")]
public enum AnomalyKind
{
    /// <summary>A terminal had many PIN payments declined for a wrong PIN within a window.</summary>
    WrongPins = 0,

    /// <summary>An offline charge far above its stand's usual charge.</summary>
    OfflineAboveUsual = 1,

    /// <summary>A wallet charged by many distinct stands within one window.</summary>
    WalletAtManyStands = 2,
}

/// <summary>
/// Something an organizer should look at, as the ledger's own times tell it. <see cref="Observed"/> is the figure that
/// tripped it (wrong PINs in the window, the charge's amount, distinct stands) and <see cref="Threshold"/> the value it
/// reached; <see cref="Usual"/> is the stand's median charge for <see cref="AnomalyKind.OfflineAboveUsual"/>. An anomaly
/// that keeps going (more wrong PINs, more stands) updates <see cref="Observed"/> and <see cref="LastAt"/> in place.
/// </summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.Anomaly")]
public sealed record Anomaly(
    [property: Id(0)] AnomalyKind Kind,
    [property: Id(1)] string? DeviceId,
    [property: Id(2)] string? StandId,
    [property: Id(3)] string? WalletId,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] DateTimeOffset LastAt,
    [property: Id(6)] long Observed,
    [property: Id(7)] long Threshold,
    [property: Id(8)] long? Usual,
    [property: Id(9)] int? WindowSeconds,
    [property: Id(10)] long Position);

/// <summary>The open anomalies kept, newest first, how many were ever raised, and the feed position they are complete through.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.AnomalyReport")]
public sealed record AnomalyReport(
    [property: Id(0)] Anomaly[] Anomalies,
    [property: Id(1)] long Raised,
    [property: Id(2)] long ThroughPosition);
