namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>How many seeded runs each crash scenario gets against a system, unless <see cref="Variable"/> sets them all.</summary>
public interface ICrashRuns
{
    /// <summary>The environment variable that gives each scenario of every system this many runs.</summary>
    const string Variable = "POSAPP_CRASH_RUNS";

    /// <summary>Runs killed at a written sale while selling.</summary>
    static abstract int SellingRuns { get; }

    /// <summary>Runs killed at a batch the background sync sends while the cashier sells.</summary>
    static abstract int RacingRuns { get; }

    /// <summary>Runs killed at a batch in flight while syncing an offline backlog.</summary>
    static abstract int SyncingRuns { get; }
}
