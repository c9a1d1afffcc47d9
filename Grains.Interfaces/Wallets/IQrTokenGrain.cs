namespace FestivalPos.Grains.Interfaces.Wallets;

[GenerateSerializer, Immutable, Alias("FestivalPos.IssuedQrToken")]
public sealed record IssuedQrToken(
    [property: Id(0)] string Token,
    [property: Id(1)] DateTimeOffset ExpiresAt);

/// <summary>
/// Signs wallet QR tokens with the cluster's ECDSA P-256 key: base64url(payload).base64url(signature),
/// the payload <c>{"walletId","exp"}</c> (Unix seconds). Terminals verify them offline with the public
/// key the offline snapshot carries. Keyed by <see cref="CurrentKey"/>.
/// </summary>
[Alias("FestivalPos.IQrTokenGrain")]
public interface IQrTokenGrain : IGrainWithStringKey
{
    public const string CurrentKey = "current";

    /// <summary>How long a QR token is valid: an attendee shows it at the bar, not later.</summary>
    public const int LifetimeSeconds = 60;

    [Alias("Issue")]
    Task<IssuedQrToken> Issue(string walletId);

    /// <summary>The public key, base64 of its SubjectPublicKeyInfo.</summary>
    [Alias("GetPublicKey")]
    Task<string> GetPublicKey();
}
