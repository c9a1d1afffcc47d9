using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace FestivalPos.Deployment.Tests;

/// <summary>The Bicep compiler from the Azure.Bicep.CommandLine.linux-x64 package, run on the files in bicep/.</summary>
public static class BicepCli
{
    private const int TimeoutMs = 120_000;

    public static string Folder { get; } = Metadata("BicepFolder");

    private static string Executable { get; } = Metadata("BicepPath");

    /// <summary>Compiles a template (main.bicep and its modules) to ARM JSON.</summary>
    public static JsonNode Build(string file) => Run(["build", Path.Combine(Folder, file), "--stdout"], new Dictionary<string, string>());

    /// <summary>Compiles a parameter file, with the environment variables it reads, to an ARM parameters document.</summary>
    public static JsonNode BuildParameters(string file, IReadOnlyDictionary<string, string> environment)
    {
        var answer = Run(["build-params", Path.Combine(Folder, file), "--stdout"], environment);
        return JsonNode.Parse(answer["parametersJson"]!.GetValue<string>())!;
    }

    private static JsonNode Run(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var bicep = Process.Start(start)!;
        var output = bicep.StandardOutput.ReadToEndAsync();
        var errors = bicep.StandardError.ReadToEndAsync();
        if (!bicep.WaitForExit(TimeoutMs))
        {
            bicep.Kill();
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took more than {TimeoutMs} ms.");
        }

        if (bicep.ExitCode != 0 || errors.Result.Length > 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited {bicep.ExitCode}:\n{errors.Result}");
        }

        return JsonNode.Parse(output.Result)!;
    }

    private static string Metadata(string key) =>
        typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
