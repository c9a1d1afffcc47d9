using System.Security.Cryptography;

namespace FestivalPos.Grains.Keys;

/// <summary>
/// The master key in an owner-only file: created from the first byte readable by its owner only, and refused
/// when anyone else may read it (a key others can read protects nothing).
/// </summary>
public static class FileMasterKey
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static KeyRing Open(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            Create(full);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & OthersAccess) != 0)
        {
            throw new InvalidOperationException($"Keys:FilePath '{full}' may be read or written by others; make it owner-only (chmod 600) or use a new key.");
        }

        var key = Convert.FromBase64String(File.ReadAllText(full).Trim());
        if (key.Length != KeyRing.MasterKeyBytes)
        {
            throw new InvalidOperationException($"Keys:FilePath '{full}' must hold base64 of {KeyRing.MasterKeyBytes} bytes.");
        }

        return new KeyRing(key, $"file-{Convert.ToHexStringLower(SHA256.HashData(key))[..12]}");
    }

    /// <summary>
    /// Writes a new key to a private temporary file and moves it into place, so a process that opens the key at the same
    /// moment (two silos starting side by side) either finds no file or the whole key, and the first writer wins.
    /// </summary>
    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var file = new StreamWriter(temporary, options))
        {
            file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyRing.MasterKeyBytes)));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
