namespace FestivalPos.Grains.Reports;

/// <summary>The thresholds of the anomalies projection (configuration section <c>Reports:Anomalies</c>).</summary>
public sealed class AnomalyOptions
{
    public const string SectionName = "Reports:Anomalies";

    public const string Rules =
        "Reports:Anomalies: WrongPinsPerDevice 2 to 1000, WrongPinWindowSeconds 10 to 86400, OfflineUsualFactor 2 to 1000, " +
        "UsualMinCharges 1 to UsualSampleSize, UsualSampleSize up to 10000, StandsPerWallet 2 to 100, WalletWindowSeconds 1 to 3600, " +
        "WalletMemoryMinutes at least WalletWindowSeconds and up to 1440, MaxKept 1 to 10000.";

    /// <summary>Wrong PINs at one terminal within <see cref="WrongPinWindowSeconds"/> that raise an anomaly.</summary>
    public int WrongPinsPerDevice { get; set; } = 10;

    public int WrongPinWindowSeconds { get; set; } = 600;

    /// <summary>An offline charge of at least this many times its stand's usual (median) charge raises an anomaly.</summary>
    public int OfflineUsualFactor { get; set; } = 5;

    /// <summary>Charges a stand must have had before its usual charge means anything.</summary>
    public int UsualMinCharges { get; set; } = 20;

    /// <summary>A stand's latest charges its usual charge is the median of.</summary>
    public int UsualSampleSize { get; set; } = 200;

    /// <summary>Distinct stands charging one wallet within <see cref="WalletWindowSeconds"/> that raise an anomaly.</summary>
    public int StandsPerWallet { get; set; } = 3;

    public int WalletWindowSeconds { get; set; } = 60;

    /// <summary>How long, in ledger time, a wallet's recent sales are kept after its last one (late offline sales meet them).</summary>
    public int WalletMemoryMinutes { get; set; } = 60;

    /// <summary>Anomalies kept; the oldest go first.</summary>
    public int MaxKept { get; set; } = 500;

    public bool IsValid =>
        WrongPinsPerDevice is >= 2 and <= 1000 && WrongPinWindowSeconds is >= 10 and <= 86_400 && OfflineUsualFactor is >= 2 and <= 1000
        && UsualSampleSize is >= 1 and <= 10_000 && UsualMinCharges >= 1 && UsualMinCharges <= UsualSampleSize
        && StandsPerWallet is >= 2 and <= 100 && WalletWindowSeconds is >= 1 and <= 3600
        && WalletMemoryMinutes * 60 >= WalletWindowSeconds && WalletMemoryMinutes <= 1440 && MaxKept is >= 1 and <= 10_000;
}
