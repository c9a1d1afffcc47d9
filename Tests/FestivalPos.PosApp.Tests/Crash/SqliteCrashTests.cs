using Xunit.Abstractions;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>The crash scenarios against a silo on a temporary SQLite ledger with localhost membership.</summary>
[Collection(PosSystemCollection.Name)]
public sealed class SqliteCrashTests(PosSystem system, ITestOutputHelper output) : CrashTests<SqliteCrashTests>(system, output), ICrashRuns
{
    public static int SellingRuns => 30;

    public static int RacingRuns => 15;

    public static int SyncingRuns => 15;
}
