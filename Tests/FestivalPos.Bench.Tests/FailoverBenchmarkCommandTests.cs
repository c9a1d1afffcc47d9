using System.Diagnostics;
using System.Reflection;
using FestivalPos.EndToEnd.Tests;
using FestivalPos.Failover.Benchmark;
using Xunit.Abstractions;

namespace FestivalPos.Bench.Tests;

/// <summary>
/// The commands bench/README.md shows for the failover benchmark work as written: each is accepted by the program's
/// option parser with the meaning the README gives it, and the built program runs (once, in its shortest form) to its
/// summary. Each real run takes a Release build and half a minute or more, too long for every command in CI.
/// </summary>
public sealed class FailoverBenchmarkCommandTests(ITestOutputHelper output)
{
    private const string Program = "dotnet run -c Release --project bench/Failover.Benchmark -- ";

    private static readonly string Repository = Metadata("Repository");

    [Fact]
    public void Every_command_of_the_readme_section_is_accepted_with_the_meaning_the_readme_gives_it()
    {
        var commands = ReadmeCommands.InSection(Path.Combine(Repository, "bench", "README.md"), "# Failover benchmark");

        commands.Should().OnlyContain(command => command.StartsWith(Program, StringComparison.Ordinal));
        File.Exists(Path.Combine(Repository, "bench", "Failover.Benchmark", "Failover.Benchmark.csproj")).Should().BeTrue();
        commands.Select(command => FailoverOptions.Parse(command[Program.Length..].Split(' ')))
            .Select(options => (options.Runs, options.Fault, string.Join(' ', options.Settings)))
            .Should().Equal(
                (3, Fault.Kill, ""),
                (3, Fault.Pause, ""),
                (2, Fault.Stop, ""),
                (3, Fault.Kill, "--Cluster:FailureDetection:ProbeTimeoutMs=5000 --Cluster:FailureDetection:MissedProbesLimit=3 " +
                                "--Cluster:FailInFlightCallsOnGatewayLoss=false"));
    }

    [Fact]
    public async Task One_run_of_the_built_benchmark_in_its_shortest_form_exits_0_with_its_summary()
    {
        string[] shortest = ["--runs", "1", "--terminals", "2", "--wallets", "4", "--warmup", "1", "--observe", "1"];
        var started = Stopwatch.StartNew();

        var (exitCode, text) = await ProcessRun.RunAsync("dotnet", [Metadata("FailoverBenchmarkAssembly"), .. shortest], Repository);

        output.WriteLine($"One run took {started.Elapsed.TotalSeconds:F1} s.\n{text}");
        exitCode.Should().Be(0, text);
        var lines = text.Split('\n');
        lines.Should().ContainInOrder("Summary", RunResult.Header);
        lines.SkipWhile(line => line != RunResult.Header).Skip(1).First().Should().StartWith("Kill | ").And.EndWith($" | 0 | {LoadAverageOf(lines)}");
    }

    /// <summary>The load average the run printed at the fault, as the summary's last column repeats it.</summary>
    private static string LoadAverageOf(IEnumerable<string> lines) =>
        lines.Single(line => line.Contains("; load average ", StringComparison.Ordinal)).Split("; load average ")[1];

    private static string Metadata(string key) => typeof(FailoverBenchmarkCommandTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
