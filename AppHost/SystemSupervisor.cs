using System.Net.Sockets;

namespace FestivalPos.AppHost;

/// <summary>
/// Runs the silo, then the gateway once the silo takes clients, waits until the gateway is ready,
/// and restarts either process if it dies, as a process manager would in production.
/// </summary>
/// <param name="managementUrl">Where the gateway serves metrics and the API reference (Gateway:ManagementUrl); empty for nowhere.</param>
public sealed class SystemSupervisor(ChildProcess silo, ChildProcess gateway, int siloGatewayPort, Uri gatewayUrl, string managementUrl)
{
    /// <summary>Restarts of one process within a minute before the host gives up.</summary>
    public const int MaxRestartsPerMinute = 5;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(15);

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        try
        {
            await StartSiloAsync(stopping);
            await StartGatewayAsync(stopping);
            var management = string.IsNullOrWhiteSpace(managementUrl) ? string.Empty
                : $" (on {managementUrl.TrimEnd('/')}: OpenAPI at /openapi/v1.json, reference at /scalar, metrics at /metrics)";
            Log($"FestivalPos is ready at {gatewayUrl}{management}. Press Ctrl+C to stop.");
            await Task.WhenAll(SuperviseAsync(silo, StartSiloAsync, stopping), SuperviseAsync(gateway, StartGatewayAsync, stopping));
            return 0;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException or FileNotFoundException)
        {
            Log(exception.Message);
            return 1;
        }
        finally
        {
            Log("stopping...");
            await gateway.StopAsync(StopGracePeriod);
            await silo.StopAsync(StopGracePeriod);
        }
    }

    private async Task StartSiloAsync(CancellationToken stopping)
    {
        silo.Start();
        Log($"silo started, pid {silo.ProcessId}");
        await WaitUntilAsync(() => AcceptsConnectionsAsync(siloGatewayPort), $"the silo to accept clients on port {siloGatewayPort}", stopping);
    }

    private async Task StartGatewayAsync(CancellationToken stopping)
    {
        gateway.Start();
        Log($"gateway started, pid {gateway.ProcessId}");
        await WaitUntilAsync(() => ReadinessProbe.IsReadyAsync(gatewayUrl), $"the gateway at {gatewayUrl} to be ready", stopping);
    }

    private static async Task SuperviseAsync(ChildProcess child, Func<CancellationToken, Task> restart, CancellationToken stopping)
    {
        var restarts = new Queue<DateTimeOffset>();
        while (true)
        {
            await child.WaitForExitAsync(stopping);
            restarts.Enqueue(DateTimeOffset.UtcNow);
            while (restarts.Peek() < DateTimeOffset.UtcNow.AddMinutes(-1))
            {
                restarts.Dequeue();
            }

            if (restarts.Count > MaxRestartsPerMinute)
            {
                throw new InvalidOperationException($"The {child.Name} exited {restarts.Count} times within a minute; giving up.");
            }

            Log($"{child.Name} exited with code {child.ExitCode}; restarting it");
            await restart(stopping);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(StartTimeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {StartTimeout.TotalSeconds} s.");
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Log(string message) => Console.WriteLine($"[apphost] {message}");
}
