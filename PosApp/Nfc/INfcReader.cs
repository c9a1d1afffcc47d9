namespace FestivalPos.PosApp.Nfc;

/// <summary>Reads the uid of the next wristband presented to the reader.</summary>
public interface INfcReader
{
    /// <summary>The uid (upper-case hex or an API.md identifier), or null when the reader is closed.</summary>
    Task<string?> ReadUidAsync(CancellationToken cancellation = default);
}
