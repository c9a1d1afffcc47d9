using System.Security.Cryptography;

namespace FestivalPos.PosApp.Store;

/// <summary>
/// This process's hold on a store: an id, and a lock file kept open exclusively while the process lives.
/// Another process tells whether the owner of a pending sale still runs by trying that lock: the kernel lets
/// go of it when a process ends in any way, SIGKILL included, so a crashed owner's sales are taken over at once.
/// </summary>
public sealed class StoreSession : IDisposable
{
    public const string FolderName = "sessions";
    private const string Extension = ".lock";

    private readonly string _folder;
    private readonly FileStream _lock;

    private StoreSession(string folder, string id, FileStream heldLock)
    {
        _folder = folder;
        Id = id;
        _lock = heldLock;
    }

    /// <summary>Random hex, unique per process and store.</summary>
    public string Id { get; }

    public static StoreSession Start(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, FolderName);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(folder, "*" + Extension))
        {
            IsAlive(folder, Path.GetFileNameWithoutExtension(file));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var heldLock = new FileStream(Path.Combine(folder, id + Extension), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        return new StoreSession(folder, id, heldLock);
    }

    /// <summary>Whether the process of <paramref name="sessionId"/> still runs; a dead one's lock file is removed.</summary>
    public bool IsAlive(string sessionId) => sessionId == Id || IsAlive(_folder, sessionId);

    public void Dispose() => _lock.Dispose();

    private static bool IsAlive(string folder, string sessionId)
    {
        if (sessionId.Length == 0 || sessionId.Any(c => !char.IsAsciiHexDigit(c)))
        {
            return false;
        }

        var path = Path.Combine(folder, sessionId + Extension);
        try
        {
            // Opening it exclusively succeeds only when no live process holds it.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
