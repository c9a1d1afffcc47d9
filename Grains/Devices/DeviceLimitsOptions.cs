namespace FestivalPos.Grains.Devices;

/// <summary>The server-side limits on offline sales (API.md 1.1, configuration section <c>Offline</c>).</summary>
public sealed class OfflineLimitsOptions
{
    public const string SectionName = "Offline";

    /// <summary>A device's <c>offlineMaxPerWallet</c> when its enrollment names none.</summary>
    public long DefaultMaxPerWallet { get; set; } = Interfaces.LedgerLimits.DefaultOfflineMaxPerWallet;

    /// <summary>What one device may apply offline to one wallet in all; unset: 4 × the device's <c>offlineMaxPerWallet</c>.</summary>
    public long? MaxPerDeviceWallet { get; set; }

    /// <summary>What one device may apply offline with a createdAt in one UTC hour.</summary>
    public long MaxPerDeviceHour { get; set; } = 500_000;

    /// <summary>How far before its enrollment a device's createdAt may lie.</summary>
    public static readonly TimeSpan BeforeEnrollment = TimeSpan.FromSeconds(60);

    /// <summary>How far after the batch's arrival a device's createdAt may lie.</summary>
    public static readonly TimeSpan AfterArrival = TimeSpan.FromMinutes(5);

    public long MaxPerDeviceWalletFor(long offlineMaxPerWallet) => MaxPerDeviceWallet ?? 4 * offlineMaxPerWallet;

    public bool IsValid => DefaultMaxPerWallet is >= 0 and <= Interfaces.LedgerLimits.MaxAmount && MaxPerDeviceWallet is null or >= 0 && MaxPerDeviceHour >= 0;
}

/// <summary>PIN payments per device (API.md 1.1, configuration section <c>Pos</c>).</summary>
public sealed class PinLimitsOptions
{
    public const string SectionName = "Pos";

    /// <summary>PIN payments for new seqs one device may start per minute; beyond it the answer is 429.</summary>
    public int PinAttemptsPerMinute { get; set; } = 20;

    /// <summary>PIN and attendee-code hashes (600,000 PBKDF2 iterations each) one silo runs at once; the others wait. Half the cores: the ledger keeps the rest.</summary>
    public int PinChecksAtOnce { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    public bool IsValid => PinAttemptsPerMinute >= 1 && PinChecksAtOnce >= 1;
}
