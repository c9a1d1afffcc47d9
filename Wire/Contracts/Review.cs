namespace FestivalPos.Wire.Contracts;

/// <summary>An offline transaction the server refused, held for an organizer (1.1). <see cref="ReviewId"/> is <c>{deviceId}:{seq}</c>.</summary>
public sealed record ReviewEntry(
    long Position, string ReviewId, string DeviceId, long Seq, string WalletId, long Amount, string CreatedAt, string Reason, string Status);

public sealed record ReviewPage(ReviewEntry[] Entries, long? Next);
