using System.Diagnostics;
using System.Globalization;

namespace FestivalPos.DevServers;

/// <summary>
/// A throwaway Cosmos DB (NoSQL API) server: <c>@vercel/cosmosdb-server</c> from npm, installed once into a
/// cache folder on first use, run with node on 127.0.0.1 and a free port, in memory. It speaks HTTPS with the
/// self-signed certificate its package ships (<see cref="CertificatePath"/>), which a client must be told to
/// accept. <see cref="Shared"/> is one server for a whole test run, stopped when the process exits. The
/// server also exits when its standard input closes, so it never outlives a test process that was killed.
/// </summary>
public sealed class CosmosServer : IAsyncDisposable
{
    public const string Package = "@vercel/cosmosdb-server";
    public const string PackageVersion = "1.0.1";

    private const int MaxStartPolls = 600;

    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(50);
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

    /// <summary>The node process serving, which exits with the process that started it.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The PEM certificate the server presents (Ledger:Storage:Cosmos:ServerCertificatePath).</summary>
    public string CertificatePath { get; }

    /// <summary>The server checks no key; the SDK needs one to sign requests with.</summary>
    public string ConnectionString => $"AccountEndpoint=https://127.0.0.1:{Port}/;AccountKey={Convert.ToBase64String(new byte[64])}";

    public static async Task<CosmosServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var installed = await NpmPackageCache.InstallAsync(Package, PackageVersion, cancellationToken);
        var package = Path.Combine(installed, "node_modules", "@vercel", "cosmosdb-server");
        var port = LoopbackPorts.Free();
        var process = NodeProgram.Start(
            Path.Combine(package, "lib", "cli.js"), ["--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)], Path.GetTempPath());
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
            server.Stop();
            throw;
        }

        return server;
    }

    /// <summary>Kills the server at once: it keeps nothing worth a graceful stop.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static CosmosServer StartShared()
    {
        var server = StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
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
