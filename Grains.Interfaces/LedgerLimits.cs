namespace FestivalPos.Grains.Interfaces;

/// <summary>Bounds every ledger operation checks, whatever the caller validated before.</summary>
public static class LedgerLimits
{
    public const long MaxAmount = 100_000_000;
    public const int MaxIdLength = Wire.Identifiers.MaxLength;
    public const int MaxBatchSize = 1000;
    public const int MaxHistoryPageSize = 500;
    public const int MaxPinFailures = 5;
    public const int MinPinLength = 4;
    public const int MaxPinLength = 8;
    public const int MaxCreatedAtLength = Wire.WireTime.MaxLength;
    public const int MaxCredentialValueLength = 512;
    public const int MaxGapsReported = 1000;

    /// <summary>API.md <c>Offline:DefaultMaxPerWallet</c>: what a terminal may sell offline to one wallet unless enrolled with another limit.</summary>
    public const long DefaultOfflineMaxPerWallet = 5000;

    public static bool IsValidId(string? id) => Wire.Identifiers.IsValid(id);

    public static bool IsValidAmount(long amount) => amount is >= 1 and <= MaxAmount;

    public static bool IsValidPin(string? pin) =>
        pin is { Length: >= MinPinLength and <= MaxPinLength } && pin.All(char.IsAsciiDigit);
}
