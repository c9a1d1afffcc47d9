namespace FestivalPos.Grains.Interfaces.Auth;

/// <summary>
/// The keys every gateway signs and checks access tokens with, when configuration gives none: kept in the
/// ledger, so all gateways share them. Tokens are signed with the current key; a rotation makes a new one
/// current and keeps the one before for checking until the tokens it signed have expired.
/// Keyed by <see cref="Current"/>; <see cref="Console"/> is another set, the key of the organizer console's cookies and form tokens.
/// </summary>
[Alias("FestivalPos.ITokenSigningKeyGrain")]
public interface ITokenSigningKeyGrain : IGrainWithStringKey
{
    public const string Current = "current";

    /// <summary>The organizer console's key, shared by every gateway; never a token's.</summary>
    public const string Console = "console";

    /// <summary>The current key and the retired ones kept for checking; older keys are forgotten, even if still in their acceptance window.</summary>
    public const int MaxKeys = 8;

    /// <summary>
    /// The current key and the retired ones still accepted <paramref name="acceptedAfterRetirement"/> after their
    /// retirement; the first call creates the first key.
    /// </summary>
    [Alias("GetKeys")]
    Task<TokenSigningKeySet> GetKeys(TimeSpan acceptedAfterRetirement);

    /// <summary>Makes a new key current and retires the one before (creating the first key, if none exists yet).</summary>
    [Alias("Rotate")]
    Task<TokenSigningKeyRotation> Rotate();
}

/// <summary>One signing key: its id (a token's <c>kid</c>), base64 of its bytes, and when it was created and retired.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.TokenSigningKey")]
public sealed record TokenSigningKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Key,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset? RetiredAt)
{
    /// <summary>Tokens a key signed are accepted while it is current, and for <paramref name="acceptedAfterRetirement"/> after it was retired.</summary>
    public static bool IsAccepted(DateTimeOffset? retiredAt, DateTimeOffset now, TimeSpan acceptedAfterRetirement) =>
        retiredAt is not { } retired || now < retired + acceptedAfterRetirement;
}

/// <summary>The key to sign with, and the retired keys still accepted, newest first.</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.TokenSigningKeySet")]
public sealed record TokenSigningKeySet(
    [property: Id(0)] TokenSigningKey Current,
    [property: Id(1)] TokenSigningKey[] Retired);

/// <summary>The new current key's id, and the id of the key it retired (null when there was none).</summary>
[GenerateSerializer, Immutable, Alias("FestivalPos.TokenSigningKeyRotation")]
public sealed record TokenSigningKeyRotation(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string? PreviousKeyId);
