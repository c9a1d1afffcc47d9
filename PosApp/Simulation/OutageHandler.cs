using System.Net.Sockets;

namespace FestivalPos.PosApp.Simulation;

/// <summary>The network of a virtual terminal: while <see cref="Offline"/>, every request fails as an unreachable gateway does.</summary>
public sealed class OutageHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public volatile bool Offline;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Offline
        ? Task.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "Simulated outage.", new SocketException((int)SocketError.NetworkUnreachable)))
        : base.SendAsync(request, cancellationToken);
}
