using System.Collections.Concurrent;
using System.Net;
using FestivalPos.DevServers;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// Stands in for an OpenTelemetry collector on loopback: accepts every OTLP/HTTP export (POST /v1/metrics, /v1/logs,
/// /v1/traces), answers 200 and keeps what arrived, to be looked at as the protobuf bytes it is.
/// </summary>
public sealed class OtlpCollectorStub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string ContentType, byte[] Body)> _exports = new();
    private readonly Task _serving;

    public OtlpCollectorStub()
    {
        Endpoint = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>The value for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyCollection<(string Path, string ContentType, byte[] Body)> Exports => _exports;

    /// <summary>Whether an export to <paramref name="path"/> arrived whose body holds <paramref name="text"/> (protobuf keeps strings as UTF-8).</summary>
    public bool Received(string path, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return _exports.Any(export => export.Path == path && export.Body.AsSpan().IndexOf(needle) >= 0);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _exports.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.Close();
        }
    }
}
