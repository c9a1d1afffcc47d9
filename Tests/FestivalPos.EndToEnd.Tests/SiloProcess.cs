using System.Net;
using System.Reflection;
using FestivalPos.DevServers;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// One built <c>Silo</c> run as its own process in a fresh folder (its SQLite ledger and master key there unless the
/// settings say otherwise), on free loopback ports, with its management endpoint on <see cref="ManagementUrl"/>.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly string _workingDirectory;
    private readonly DotnetAppProcess _process;

    private SiloProcess(string workingDirectory, DotnetAppProcess process, Uri managementUrl, int siloPort)
    {
        _workingDirectory = workingDirectory;
        _process = process;
        ManagementUrl = managementUrl;
        SiloPort = siloPort;
        Management = new HttpClient { BaseAddress = managementUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri ManagementUrl { get; }

    public int SiloPort { get; }

    /// <summary>Plain HTTP to the management endpoint.</summary>
    public HttpClient Management { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a silo with the test CA's certificates (unless <paramref name="settings"/> give Cluster:Tls keys) and
    /// waits until /health/startup answers 200.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(IEnumerable<string> settings, IReadOnlyDictionary<string, string>? environment = null)
    {
        var workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-silo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workingDirectory);
        var managementUrl = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var siloPort = LoopbackPorts.Free();
        var given = settings.ToList();
        string[] arguments =
        [
            .. given.Any(setting => setting.StartsWith("--Cluster:Tls:", StringComparison.Ordinal)) ? [] : TestClusterCertificates.Shared.Arguments,
            $"--Silo:ManagementUrl={managementUrl.ToString().TrimEnd('/')}",
            $"--Cluster:SiloPort={siloPort}",
            $"--Cluster:GatewayPort={LoopbackPorts.Free()}",
            "--Keys:Provider=File",
            $"--Keys:FilePath={Path.Combine(workingDirectory, "data", "master.key")}",
            "--Logging:LogLevel:Default=Warning",
            .. given,
        ];
        var process = DotnetAppProcess.Start("silo", SiloAssemblyPath(), arguments, workingDirectory, environment);
        var silo = new SiloProcess(workingDirectory, process, managementUrl, siloPort);
        try
        {
            await process.WaitUntilAsync(async () => await silo.ProbeAsync("/health/startup") == HttpStatusCode.OK, StartTimeout, "answer /health/startup with 200");
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>The status a GET of <paramref name="path"/> on the management endpoint answers; 0 when nothing answers.</summary>
    public async Task<HttpStatusCode> ProbeAsync(string path)
    {
        try
        {
            using var response = await Management.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <inheritdoc cref="DotnetAppProcess.WaitUntilAsync"/>
    public Task WaitUntilAsync(Func<Task<bool>> condition, string what) => _process.WaitUntilAsync(condition, StartTimeout, what);

    public string RecentOutput() => _process.RecentOutput();

    public async ValueTask DisposeAsync()
    {
        Management.Dispose();
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }

    private static string SiloAssemblyPath() => typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "SiloAssembly").Value!;
}
