namespace FestivalPos.Wire;

/// <summary>ProblemDetails <c>type</c>s that clients act on; every problem's type is <see cref="Prefix"/> plus a name.</summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:festivalpos:problem:";

    /// <summary>A batch over the gateway's <c>Sync:MaxBatchSize</c>; its <c>maxBatchSize</c> extension says how many fit.</summary>
    public const string BatchTooLarge = Prefix + "batch-too-large";

    public const string SeqConflict = Prefix + "seq-conflict";
}
