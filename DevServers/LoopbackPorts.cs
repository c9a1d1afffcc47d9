using System.Net;
using System.Net.Sockets;

namespace FestivalPos.DevServers;

/// <summary>Ports for throwaway servers: everything a test or benchmark starts listens on 127.0.0.1 only.</summary>
public static class LoopbackPorts
{
    /// <summary>Where the kernel takes the local ports of outgoing connections (Linux's default when it cannot be read).</summary>
    private static readonly (int Low, int High) Ephemeral = ReadEphemeralRange();

    /// <summary>The lowest port handed out: above the well-known and the usual fixed service ports.</summary>
    private const int Lowest = 10_000;

    private static readonly HashSet<int> Given = [];

    /// <summary>The ports <see cref="Free"/> chooses from: from <see cref="Lowest"/> up, outside the ephemeral range.</summary>
    private static readonly int[] Candidates =
        [.. Enumerable.Range(Lowest, 65_536 - Lowest).Where(port => port < Ephemeral.Low || port > Ephemeral.High)];

    /// <summary>
    /// A TCP port on 127.0.0.1 that was free a moment ago, chosen outside the kernel's ephemeral range: a port the kernel
    /// chose (port 0) is one it also gives to outgoing connections, which the many clients of a test run could take before
    /// the server that was meant to listen on it starts. Never the same port twice in a process.
    /// </summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Candidates[Random.Shared.Next(Candidates.Length)];
            lock (Given)
            {
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 outside the ephemeral range {Ephemeral.Low}-{Ephemeral.High}.");
    }

    /// <summary>Whether something on 127.0.0.1 accepts connections on the port.</summary>
    public static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int Low, int High) ReadEphemeralRange()
    {
        try
        {
            var bounds = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(bounds[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32_768, 60_999);
        }
    }
}
