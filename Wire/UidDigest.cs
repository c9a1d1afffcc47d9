using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Wire;

/// <summary>
/// How the offline snapshot names a wristband without giving its uid away: base64 of HMAC-SHA256,
/// keyed with the festival's snapshot key (given to terminals at enrollment), over the uid's UTF-8 bytes.
/// </summary>
public static class UidDigest
{
    public const int SnapshotKeyBytes = 32;

    public static string Compute(byte[] snapshotKey, string uid) =>
        Convert.ToBase64String(HMACSHA256.HashData(snapshotKey, Encoding.UTF8.GetBytes(uid)));
}
