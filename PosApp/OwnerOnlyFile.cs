namespace FestivalPos.PosApp;

/// <summary>
/// Files that hold a secret: created readable by their owner only from the first byte, and refused when anyone but their
/// owner may read or write them, as ssh refuses such a key.
/// </summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode OthersMayUse = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>A new file (it must not exist) that only its owner may read or write; on Windows, with its folder's permissions.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>Throws unless only its owner may read or write <paramref name="path"/>; <paramref name="what"/> says what it holds.</summary>
    public static void Check(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayUse) != 0)
        {
            throw new PosException(ExitCodes.Config, $"{what} {path} may be read by other users of this machine: make it readable by you only (chmod 600 {path}).");
        }
    }
}
