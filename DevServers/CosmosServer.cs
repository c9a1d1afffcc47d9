using System.Diagnostics;
using System.Globalization;

namespace FestivalPos.DevServers;

/// <summary>
/// A throwaway Cosmos DB (NoSQL API) server: <c>@vercel/cosmosdb-server</c> from npm, installed once into a
/// cache folder on first use, run with node on 127.0.0.1 and a free port, in memory. It speaks HTTPS with the
/// self-signed certificate its package ships (<see cref="CertificatePath"/>), which a client must be told to
/// accept. <see cref="Shared"/> is one server for a whole test run, stopped when the process exits.
/// </summary>
public sealed class CosmosServer : IAsyncDisposable
{
    public const string Package = "@vercel/cosmosdb-server";
    public const string PackageVersion = "1.0.1";

    private const int MaxStartPolls = 600;
    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly Lazy<CosmosServer> SharedServer = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;

    private CosmosServer(Process process, int port, string certificatePath)
    {
        _process = process;
        Port = port;
        CertificatePath = certificatePath;
    }

    /// <summary>One server shared by every caller in the process; it stops when the process exits.</summary>
    public static CosmosServer Shared => SharedServer.Value;

    public int Port { get; }

    /// <summary>The PEM certificate the server presents (Ledger:Storage:Cosmos:ServerCertificatePath).</summary>
    public string CertificatePath { get; }

    /// <summary>The server checks no key; the SDK needs one to sign requests with.</summary>
    public string ConnectionString => $"AccountEndpoint=https://127.0.0.1:{Port}/;AccountKey={Convert.ToBase64String(new byte[64])}";

    public static async Task<CosmosServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var package = await CosmosServerPackage.InstallAsync(PackageVersion, cancellationToken);
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var port = LoopbackPorts.Free();
        string[] arguments = [Path.Combine(package, "lib", "cli.js"), "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
        // Read and dropped, so that a full pipe never blocks the server.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new CosmosServer(process, port, Path.Combine(package, "cert.pem"));
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_process, StopGracePeriod);
        _process.Dispose();
    }

    private static CosmosServer StartShared()
    {
        var server = StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        for (var poll = 0; poll < MaxStartPolls; poll++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Package} exited with {_process.ExitCode} before it listened on port {Port}.");
            }

            if (await LoopbackPorts.AcceptsConnectionsAsync(Port, cancellationToken))
            {
                return;
            }

            await Task.Delay(StartPollInterval, cancellationToken);
        }

        throw new TimeoutException($"{Package} did not listen on port {Port}.");
    }
}
