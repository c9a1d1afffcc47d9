using Xunit.Abstractions;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Crash;

/// <summary>
/// The crash scenarios against a silo on Azure's data plane: its ledger in a local Cosmos DB server, its membership in
/// Azure Table storage on Azurite. The local Cosmos DB server takes tens of appends a second, so each scenario runs fewer seeds.
/// </summary>
[Collection(CloudPosSystemCollection.Name)]
public sealed class CloudCrashTests(CloudPosSystem system, ITestOutputHelper output) : CrashTests<CloudCrashTests>(system, output), ICrashRuns
{
    public static int SellingRuns => 4;

    public static int RacingRuns => 4;

    public static int SyncingRuns => 4;
}
