using System.Diagnostics;
using System.Text;

namespace FestivalPos.DevServers;

/// <summary>
/// A throwaway Azurite, the Azure Storage emulator, with its table, queue and blob services on free ports
/// of 127.0.0.1, its data in memory. Azurite comes from npm: installed at first use into a cache folder
/// shared by every checkout (<see cref="NpmPackageCache"/>). Disposing the server stops it, and it exits
/// with the process that started it (<see cref="NodeProgram"/>), so it never outlives a test or an AppHost that was killed.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string Package = "azurite";
    public const string PackageVersion = "3.37.0";

    /// <summary>The account and key every Azure Storage emulator accepts, published in the Azurite documentation.</summary>
    public const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int KeptOutputCharacters = 16_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AzuriteServer(Process process, int tablePort, int queuePort, int blobPort)
    {
        _process = process;
        TablePort = tablePort;
        QueuePort = queuePort;
        BlobPort = blobPort;
    }

    public int TablePort { get; }

    public int QueuePort { get; }

    public int BlobPort { get; }

    /// <summary>The node process serving, which exits with the process that started it.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A storage connection string naming each service's endpoint on its own port.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"TableEndpoint={Endpoint(TablePort)};QueueEndpoint={Endpoint(QueuePort)};BlobEndpoint={Endpoint(BlobPort)};";

    /// <summary>Installs Azurite if this machine has not yet, starts it and waits until its services answer.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var installed = await NpmPackageCache.InstallAsync(Package, PackageVersion, cancellationToken);
        var (tablePort, queuePort, blobPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        string[] arguments =
        [
            // Clients of any SDK version are served; --loose ignores the headers and parameters the emulator does not implement.
            "--skipApiVersionCheck", "--loose", "--inMemoryPersistence", "--disableTelemetry",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
        ];
        var process = NodeProgram.Start(Path.Combine(installed, "node_modules", "azurite", "dist", "src", "azurite.js"), arguments, Path.GetTempPath());
        var server = new AzuriteServer(process, tablePort, queuePort, blobPort);
        server._process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAnsweringAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>What Azurite wrote, for a failure message.</summary>
    public string RecentOutput()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary>
    /// Kills the process tree at once: the data is in memory and meant to go, and Azurite lingers for
    /// seconds after SIGTERM.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Endpoint(int port) => $"http://127.0.0.1:{port}/{AccountName}";

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await TableServiceAnswersAsync(http, cancellationToken)
               || !await LoopbackPorts.AcceptsConnectionsAsync(QueuePort, cancellationToken)
               || !await LoopbackPorts.AcceptsConnectionsAsync(BlobPort, cancellationToken))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var reason = _process.HasExited ? $"it exited with code {_process.ExitCode}" : $"not within {StartTimeout}";
                throw new InvalidOperationException($"Azurite did not start answering on 127.0.0.1:{TablePort}: {reason}.\n{RecentOutput()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Any HTTP answer from the table service will do: an unsigned request is refused, by Azurite.</summary>
    private async Task<bool> TableServiceAnswersAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"{Endpoint(TablePort)}/Tables", cancellationToken);
            return response.Headers.Server.ToString().Contains("Azurite", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        lock (_output)
        {
            if (line is not null && _output.Length < KeptOutputCharacters)
            {
                _output.AppendLine(line);
            }
        }
    }
}
