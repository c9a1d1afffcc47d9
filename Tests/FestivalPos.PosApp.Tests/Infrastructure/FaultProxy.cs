using FestivalPos.DevServers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>What the network between terminals and gateway does.</summary>
public enum NetworkMode
{
    /// <summary>Bytes flow both ways.</summary>
    Up,

    /// <summary>Nothing listens: connections are refused, open ones are cut (a stopped gateway).</summary>
    Down,

    /// <summary>Requests reach the gateway, its answers are dropped (a timed-out charge that did happen).</summary>
    LoseAnswers,
}

/// <summary>A TCP forwarder in front of the gateway on a fixed port, whose network mode the tests switch.</summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly object _gate = new();
    private TcpListener? _listener;
    private volatile NetworkMode _mode = NetworkMode.Down;

    public FaultProxy(int upstreamPort)
    {
        _upstream = new IPEndPoint(IPAddress.Loopback, upstreamPort);
        Port = LoopbackPorts.Free();
        Mode = NetworkMode.Up;
    }

    public int Port { get; }

    /// <summary>How long every chunk of an answer waits before it goes on: a slow network, so a request stays in flight a while.</summary>
    public TimeSpan AnswerDelay { get; set; }

    public string Url => $"http://127.0.0.1:{Port}";

    public NetworkMode Mode
    {
        get => _mode;
        set
        {
            lock (_gate)
            {
                _mode = value;
                if (value == NetworkMode.Down)
                {
                    _listener?.Stop();
                    _listener = null;
                    foreach (var connection in _connections.Keys)
                    {
                        connection.Close();
                    }
                }
                else if (_listener is null)
                {
                    var listener = new TcpListener(IPAddress.Loopback, Port);
                    listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    listener.Start();
                    _listener = listener;
                    _ = AcceptAsync(listener);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Mode = NetworkMode.Down;
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        _connections[client] = 0;
        _connections[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_upstream);
            var toServer = PumpAsync(client.GetStream(), upstream.GetStream(), dropWhenLosing: false);
            var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), dropWhenLosing: true);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection was cut, as intended or by either side.
        }
        finally
        {
            _connections.TryRemove(client, out _);
            _connections.TryRemove(upstream, out _);
            client.Dispose();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool dropWhenLosing)
    {
        var buffer = new byte[16384];
        try
        {
            while (await from.ReadAsync(buffer) is var read and > 0)
            {
                if (dropWhenLosing && AnswerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(AnswerDelay);
                }

                if (!(dropWhenLosing && _mode == NetworkMode.LoseAnswers))
                {
                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // Cut.
        }
    }
}
