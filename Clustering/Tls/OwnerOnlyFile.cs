namespace FestivalPos.Clustering.Tls;

/// <summary>Files only their owner may read: private keys and the certificates that go with them.</summary>
public static class OwnerOnlyFile
{
    /// <summary>
    /// Writes <paramref name="content"/> to a new file created with mode 0600 (never readable by others,
    /// not even for a moment), then moves it over <paramref name="path"/>, so a crash leaves the old file or the new one.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
