using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FestivalPos.DevServers;

namespace FestivalPos.Tests.TestServers;

/// <summary>The ports test servers listen on stay out of the range the kernel gives outgoing connections, and are never handed out twice.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void Ports_are_free_distinct_and_outside_the_kernels_ephemeral_range()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(bound => int.Parse(bound, CultureInfo.InvariantCulture)).ToArray();

        var ports = Enumerable.Range(0, 200).Select(_ => LoopbackPorts.Free()).ToList();

        ports.Should().OnlyHaveUniqueItems().And.OnlyContain(port => port >= 10_000 && (port < range[0] || port > range[1]));
        foreach (var port in ports.Take(20))
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            FluentActions.Invoking(listener.Start).Should().NotThrow();
        }
    }
}
