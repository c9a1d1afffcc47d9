using System.Diagnostics;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Tests.Ledger.Model;
using Xunit.Abstractions;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// Seeded model-based test of devices and wallets: random step sequences run against the grains and against
/// <see cref="ReferenceLedger"/>, a small model of API.md 1.1 (see <see cref="ModelRun"/> for the steps and checks).
/// A failure names its seed and lists its steps. <c>FESTIVALPOS_MODEL_SEED=n</c> replays one seed;
/// <c>FESTIVALPOS_MODEL_SEEDS=n</c> (from <c>FESTIVALPOS_MODEL_FIRST_SEED</c>) runs more of them;
/// <c>FESTIVALPOS_MODEL_KEEP_GOING=1</c> reports every failing seed; <c>FESTIVALPOS_MODEL_ALLOW</c> lets known
/// deviations through (<see cref="KnownDeviations"/>).
/// </summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class DeviceWalletModelTests(LedgerCluster ledger, ITestOutputHelper output)
{
    private const int DefaultSeeds = 200;
    private const int Parallelism = 2;

    [Fact]
    public async Task Random_step_sequences_answer_as_the_reference_model_of_API_1_1()
    {
        var seeds = SeedsToRun();
        var clock = Stopwatch.StartNew();
        var summaries = new List<ModelRunSummary>();
        var failures = new List<string>();
        var options = OptionsToRun();
        var keepGoing = Environment.GetEnvironmentVariable("FESTIVALPOS_MODEL_KEEP_GOING") == "1";
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (seed, _) =>
        {
            try
            {
                var summary = await ModelRun.RunAsync(ledger, seed, options);
                lock (summaries)
                {
                    summaries.Add(summary);
                }
            }
            catch (ModelMismatchException mismatch) when (keepGoing)
            {
                lock (failures)
                {
                    failures.Add(mismatch.Message.Split(Environment.NewLine)[0]);
                }
            }
        });

        if (failures.Count > 0)
        {
            Assert.Fail($"{failures.Count} seeds failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Order())}");
        }

        var seedsTook = clock.Elapsed;
        await ledger.Invariants.AssertHoldAsync();
        output.WriteLine($"invariants over the whole ledger: {(clock.Elapsed - seedsTook).TotalSeconds:F1} s");
        output.WriteLine($"{summaries.Count} seeds ({seeds.First()}..{seeds.Last()}), {summaries.Sum(s => s.Steps)} steps, {summaries.Sum(s => s.Batches)} batches "
            + $"of {summaries.Sum(s => s.OfflineTransactions)} offline transactions, {summaries.Sum(s => s.StaleWrites)} stale writes, "
            + $"{summaries.Sum(s => s.Retries)} retried calls, in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static ModelRunOptions OptionsToRun() =>
        Environment.GetEnvironmentVariable("FESTIVALPOS_MODEL_ALLOW") is { Length: > 0 } allowed
            ? ModelRunOptions.Default with { Avoid = allowed == "all" ? KnownDeviations.None : ModelRunOptions.All & ~Enum.Parse<KnownDeviations>(allowed) }
            : ModelRunOptions.Default;

    private static int[] SeedsToRun()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("FESTIVALPOS_MODEL_SEED"), out var single))
        {
            return [single];
        }

        var count = int.TryParse(Environment.GetEnvironmentVariable("FESTIVALPOS_MODEL_SEEDS"), out var wanted) && wanted > 0 ? wanted : DefaultSeeds;
        var first = int.TryParse(Environment.GetEnvironmentVariable("FESTIVALPOS_MODEL_FIRST_SEED"), out var start) ? start : 1;
        return [.. Enumerable.Range(first, count)];
    }
}
