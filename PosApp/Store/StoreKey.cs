using System.Security.Cryptography;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// The 32-byte key that encrypts the store's secrets, held outside the database: the environment
/// variable <c>POSAPP_STORE_KEY</c> (base64) when set, otherwise a key file readable by its owner only.
/// </summary>
public static class StoreKey
{
    public const string EnvironmentVariable = "POSAPP_STORE_KEY";
    public const string FileName = "store.key";

    public static byte[] LoadOrCreate(string dataDirectory, bool create)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            var key = Convert.FromBase64String(configured);
            return key.Length == 32 ? key : throw new PosException(ExitCodes.Config, $"{EnvironmentVariable} must be base64 of 32 bytes.");
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            OwnerOnlyFile.Check(path, "The key file");
            return File.ReadAllBytes(path);
        }

        if (!create)
        {
            throw new PosException(ExitCodes.NotEnrolled, $"No store key at {path}: enroll first, or set {EnvironmentVariable}.");
        }

        var fresh = RandomNumberGenerator.GetBytes(32);
        using (var stream = OwnerOnlyFile.CreateNew(path))
        {
            stream.Write(fresh);
            stream.Flush(flushToDisk: true);
        }

        return fresh;
    }
}
