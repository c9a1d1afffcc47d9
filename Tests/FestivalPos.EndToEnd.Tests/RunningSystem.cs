using System.Collections.Concurrent;
using System.Diagnostics;
using FestivalPos.DevServers;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The whole system started the way the README starts it (the AppHost: a silo on the embedded
/// default and the HTTPS gateway) in a temporary working directory, on free loopback ports.
/// </summary>
public sealed partial class RunningSystem : IAsyncDisposable
{
    public const string OrganizerSecret = "end-to-end-organizer-secret";
    public const string TopupSecret = "end-to-end-top-up-secret";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-e2e-{Guid.NewGuid():N}");
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Process _appHost;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _siloProcessId;

    private RunningSystem()
    {
        Directory.CreateDirectory(_workingDirectory);
        BaseAddress = new Uri($"https://127.0.0.1:{FreePort()}/");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            AppHostPath(), $"--Kestrel:Endpoints:Https:Url={BaseAddress.ToString().TrimEnd('/')}",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}",
            $"--Gateway:ManagementUrl=http://127.0.0.1:{FreePort()}",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["Auth__BootstrapOrganizer__ClientId"] = "organizer";
        startInfo.Environment["Auth__BootstrapOrganizer__ClientSecret"] = OrganizerSecret;
        startInfo.Environment["Auth__BootstrapTopup__ClientId"] = "topup";
        startInfo.Environment["Auth__BootstrapTopup__ClientSecret"] = TopupSecret;
        _appHost = Process.Start(startInfo)!;
        _appHost.OutputDataReceived += (_, line) => Observe(line.Data);
        _appHost.ErrorDataReceived += (_, line) => Observe(line.Data);
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int SiloProcessId => Volatile.Read(ref _siloProcessId);

    public static async Task<RunningSystem> StartAsync()
    {
        var system = new RunningSystem();
        var exited = system._appHost.WaitForExitAsync();
        var first = await Task.WhenAny(system._ready.Task, exited, Task.Delay(StartTimeout));
        if (first != system._ready.Task)
        {
            var output = string.Join('\n', system._output.TakeLast(60));
            await system.DisposeAsync();
            throw new InvalidOperationException($"The system did not become ready:\n{output}");
        }

        return system;
    }

    /// <summary>An HTTPS client that trusts exactly the certificate the gateway generated in its data folder.</summary>
    public HttpClient CreateClient()
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_workingDirectory, "data", "gateway-https.pfx"), null);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>SIGKILL, as a crash or an out-of-memory kill would; the AppHost restarts it.</summary>
    public void KillSilo() => Process.GetProcessById(SiloProcessId).Kill();

    public bool OutputContains(string text) => _output.Any(line => line.Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_appHost, TimeSpan.FromSeconds(30));
        ChildProcesses.KillIfRunning(SiloProcessId);
        _appHost.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (SiloStarted().Match(line) is { Success: true } match)
        {
            Volatile.Write(ref _siloProcessId, int.Parse(match.Groups[1].Value));
        }

        if (line.Contains("FestivalPos is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }


    private static string AppHostPath() => typeof(RunningSystem).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "AppHostAssembly").Value!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\[apphost\] silo started, pid (\d+)")]
    private static partial Regex SiloStarted();
}
