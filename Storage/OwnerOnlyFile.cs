namespace FestivalPos.Storage;

/// <summary>Ledger files hold money: only their owner may read them, from the first byte on.</summary>
internal static class OwnerOnlyFile
{
    /// <summary>Creates an empty file readable and writable by its owner only; throws <see cref="IOException"/> when it exists.</summary>
    public static void CreateNew(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Open(path, FileMode.CreateNew, FileAccess.Write).Dispose();
            return;
        }

        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }
}
