using System.Globalization;
using System.Text.RegularExpressions;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>One sale as a terminal's output names it: its seq (none for a withdrawn sale), wallet and amount.</summary>
public sealed record PrintedSale(string Verdict, long? Seq, string WalletId, long Amount);

/// <summary>
/// What a killed <c>posapp run --progress</c> printed: the sales it wrote (a progress line each, before sending) and the
/// answers its cashier gave, in order. The cashier rings up one sale at a time, so the n-th answer is the n-th written sale's,
/// and a written sale without an answer was in flight at the kill.
/// </summary>
public sealed partial class Transcript
{
    private Transcript(List<string> lines)
    {
        Lines = lines;
        Written = [.. lines.Select(l => SaleWritten().Match(l)).Where(m => m.Success).Select(m => new PrintedSale("written", Long(m.Groups[1]), m.Groups[2].Value, Long(m.Groups[3])))];
        Answers = [.. lines.Select(l => Answer().Match(l)).Where(m => m.Success).Select(m => new PrintedSale(
            m.Groups[1].Value, m.Groups[2].Success ? Long(m.Groups[2]) : null, m.Groups[3].Value, Long(m.Groups[4])))];
    }

    public List<string> Lines { get; }

    public List<PrintedSale> Written { get; }

    public List<PrintedSale> Answers { get; }

    public IEnumerable<PrintedSale> Approved => Answers.Where(a => a.Verdict == "approved");

    public IEnumerable<PrintedSale> Unconfirmed => Answers.Where(a => a.Verdict == "unconfirmed");

    /// <summary>The sale written but not answered when the process died, if any.</summary>
    public PrintedSale? InFlight => Written.Count > Answers.Count ? Written[^1] : null;

    /// <summary>
    /// The seq the next sale gets: one past the last written, or the same when that one was withdrawn (declined with no seq).
    /// A sale the process wrote but was killed before reporting has this seq.
    /// </summary>
    public long NextSeq => Written.Count == 0 ? 1
        : Answers.Count == Written.Count && Answers[^1] is { Verdict: "declined", Seq: null } ? Written[^1].Seq!.Value
        : Written[^1].Seq!.Value + 1;

    public int Batches => Lines.Count(IsBatchProgress);

    public static Transcript Of(IEnumerable<string> lines) => new([.. lines]);

    public static bool IsSaleProgress(string line) => line.StartsWith("progress sale ", StringComparison.Ordinal);

    public static bool IsBatchProgress(string line) => line.StartsWith("progress batch ", StringComparison.Ordinal);

    public static bool IsSyncProgress(string line) => IsBatchProgress(line) || line.StartsWith("progress settle ", StringComparison.Ordinal);

    public override string ToString() => string.Join('\n', Lines);

    private static long Long(Group group) => long.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^progress sale seq=(\d+) mode=\w+ wallet=(\S+) amount=(\d+)")]
    private static partial Regex SaleWritten();

    [GeneratedRegex(@"^(approved|declined|unconfirmed)(?: seq=(\d+))?(?: mode=\w+)? wallet=(\S+) amount=(\d+)")]
    private static partial Regex Answer();
}
