namespace FestivalPos.Wire.Contracts;

/// <summary><see cref="OfflineMaxPerWallet"/> is optional (1.1): the server's default applies without it.</summary>
public sealed record EnrollDeviceRequest(string DeviceId, string StandId, long? OfflineMaxPerWallet = null);

public sealed record EnrolledDevice(
    string DeviceId, string StandId, string ClientId, string ClientSecret, string SigningKey, string SnapshotKey, long OfflineMaxPerWallet);

/// <summary><see cref="LedgerEpoch"/> is an addition to 1.1: it changes every time the ledger is restored from a backup.</summary>
public sealed record DeviceResponse(string DeviceId, string StandId, string Status, long AckedThrough, long[] Gaps, string? LedgerEpoch = null);
