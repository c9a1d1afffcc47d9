using System.Globalization;
using FestivalPos.EndToEnd.Tests;

namespace FestivalPos.Failover.Benchmark;

/// <summary>What one run measured, from the sales book's attempts (when each request was sent and answered).</summary>
public sealed record RunResult(
    Fault Fault,
    double? FirstSuccessOnVictimSeconds,
    double? LastFailureSeconds,
    double LongestTerminalGapSeconds,
    int StalledTerminals,
    int Terminals,
    int ServiceUnavailable,
    int OtherFailures,
    int ChargesAnswered,
    bool VictimDeclaredDead,
    int FalseSuspicionVotes,
    double? ExitSeconds,
    string? AuditFailure,
    string LoadAverage)
{
    /// <summary>A terminal that went this long without an approved charge counts as stalled.</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(1);

    public const string Header = "fault | first success on its wallets s | last failure s | longest terminal gap s | stalled terminals | 503 | other failures | " +
        "charges | declared dead | false suspicion votes | exit s | charges lost | load average";

    /// <summary>Why the run failed its promises: a charge lost or doubled, or a paused silo declared dead.</summary>
    public string? Failure => AuditFailure is not null ? $"the ledger does not match the answers: {AuditFailure}"
        : Fault == Fault.Pause && VictimDeclaredDead ? "the paused silo was declared dead"
        : null;

    public string Row => string.Join(" | ",
        Fault, Seconds(FirstSuccessOnVictimSeconds), Seconds(LastFailureSeconds), Seconds(LongestTerminalGapSeconds), $"{StalledTerminals}/{Terminals}",
        ServiceUnavailable, OtherFailures, ChargesAnswered, VictimDeclaredDead ? "yes" : "no", FalseSuspicionVotes, Seconds(ExitSeconds),
        AuditFailure is null ? "0" : "MISMATCH", LoadAverage);

    public override string ToString() =>
        $"first success on the victim's wallets {Seconds(FirstSuccessOnVictimSeconds)} s after the fault, last failure at {Seconds(LastFailureSeconds)} s, " +
        $"longest gap between a terminal's approved charges {Seconds(LongestTerminalGapSeconds)} s ({StalledTerminals}/{Terminals} terminals over {StallThreshold.TotalSeconds:F0} s), " +
        $"{ServiceUnavailable} answered 503, {OtherFailures} other failures, {ChargesAnswered} charges answered, victim declared dead: {(VictimDeclaredDead ? "yes" : "no")}, " +
        $"false suspicion votes {FalseSuspicionVotes}, exit {Seconds(ExitSeconds)} s, ledger {(AuditFailure is null ? "matches every answer (0 charges lost)" : "MISMATCH")}";

    public static RunResult From(SalesBook book, Fault fault, DateTimeOffset faultAt, int victim, IReadOnlySet<string> victimWallets,
        int[] statuses, int[] votes, double? exitSeconds, string? auditFailure, string loadAverage)
    {
        var after = book.Attempts.Where(attempt => attempt.SentAt >= faultAt).ToList();
        var onVictim = after.Where(attempt => victimWallets.Contains(attempt.Exchange.Sales[0].WalletId)).ToList();
        var failures = after.Where(attempt => attempt.Unknown is not null).ToList();
        var gaps = book.Attempts.Where(attempt => attempt.Unknown is null)
            .GroupBy(attempt => attempt.Exchange.Terminal.DeviceId)
            .Select(terminal => LongestGapAround(terminal.Select(attempt => attempt.At).Order().ToList(), faultAt))
            .ToList();
        // A kill or a stop takes the victim's own votes out of the count; a pause must leave every silo unsuspected.
        var falseVotes = votes.Where((_, silo) => fault == Fault.Pause || silo != victim).Sum();
        return new RunResult(
            fault,
            Since(faultAt, onVictim.Where(attempt => attempt.Unknown is null).Select(attempt => attempt.At).DefaultIfEmpty().Min()),
            Since(faultAt, failures.Select(attempt => attempt.At).DefaultIfEmpty().Max()),
            gaps.Count == 0 ? 0 : gaps.Max().TotalSeconds,
            gaps.Count(gap => gap > StallThreshold),
            book.Attempts.Select(attempt => attempt.Exchange.Terminal.DeviceId).Distinct().Count(),
            failures.Count(attempt => attempt.Unknown!.StartsWith("503", StringComparison.Ordinal)),
            failures.Count(attempt => !attempt.Unknown!.StartsWith("503", StringComparison.Ordinal)),
            book.AnsweredRequests,
            statuses[victim] == ClusteredSystem.Dead,
            falseVotes,
            exitSeconds,
            auditFailure,
            loadAverage);
    }

    /// <summary>The longest time between two approved charges of one terminal that spans the fault or comes after it.</summary>
    private static TimeSpan LongestGapAround(List<DateTimeOffset> answers, DateTimeOffset faultAt) =>
        answers.Zip(answers.Skip(1), (previous, next) => (previous, next))
            .Where(pair => pair.next >= faultAt)
            .Select(pair => pair.next - pair.previous)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();

    /// <summary>Seconds from the fault to <paramref name="time"/>; none when there was no such moment (default).</summary>
    private static double? Since(DateTimeOffset faultAt, DateTimeOffset time) => time == default ? null : (time - faultAt).TotalSeconds;

    private static string Seconds(double? seconds) => seconds is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "-";
}
