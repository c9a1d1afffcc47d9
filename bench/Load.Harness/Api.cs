using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.Load.Harness;

// The bodies of API.md, from the Wire library, serialized without reflection.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(EnrollDeviceRequest))]
[JsonSerializable(typeof(EnrolledDevice))]
[JsonSerializable(typeof(CreateWalletRequest))]
[JsonSerializable(typeof(LinkWristbandRequest))]
[JsonSerializable(typeof(WalletResponse))]
[JsonSerializable(typeof(TopUpRequest))]
[JsonSerializable(typeof(TopUpResponse))]
[JsonSerializable(typeof(PaymentRequest))]
[JsonSerializable(typeof(PaymentResponse))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(TransactionsPage))]
[JsonSerializable(typeof(ExposureReportResponse))]
[JsonSerializable(typeof(AnomaliesReportResponse))]
[JsonSerializable(typeof(SalesReportResponse))]
internal sealed partial class ApiJson : JsonSerializerContext;

/// <summary>What went wrong with one request, by kind (for the error table).</summary>
public sealed class ApiException(string kind, string message) : Exception(message)
{
    public string Kind { get; } = kind;

    /// <summary>Worth sending again: the outcome is unknown or the system asked for a retry.</summary>
    public bool Transient => Kind is "timeout" or "connection" or "http-429" or "http-503" or "http-502" or "http-504" or "http-500";
}

/// <summary>One HTTPS connection pool (keep-alive) shared by every simulated terminal.</summary>
public sealed class Api : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public Api(Uri baseAddress, X509Certificate2? certificate, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            EnableMultipleHttp2Connections = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the certificate the gateway generated (or, for a running system, what it presents).
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    certificate is null ? true : presented is not null && presented.GetCertHashString() == certificate.Thumbprint,
            },
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Task<TokenResponse> TokenAsync(string clientId, string secret) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/token", null, new TokenRequest(clientId, secret), ApiJson.Default.TokenRequest, ApiJson.Default.TokenResponse);

    public async Task<T> SendAsync<TBody, T>(HttpMethod method, string path, string? token, TBody? body,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TBody> bodyInfo, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>? answerInfo)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyInfo));
            content.Headers.ContentType = Json;
            request.Content = content;
        }

        return await ExchangeAsync(request, answerInfo);
    }

    public Task<T> GetAsync<T>(string path, string token, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> answerInfo)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return ExchangeDisposingAsync(request, answerInfo);
    }

    private async Task<T> ExchangeDisposingAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> answerInfo)
    {
        using (request)
        {
            return await ExchangeAsync(request, answerInfo);
        }
    }

    private async Task<T> ExchangeAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>? answerInfo)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        }
        catch (TaskCanceledException exception)
        {
            throw new ApiException("timeout", exception.Message);
        }
        catch (HttpRequestException exception)
        {
            throw new ApiException("connection", exception.Message);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync();
                throw new ApiException($"http-{(int)response.StatusCode}", $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {detail}");
            }

            if (answerInfo is null)
            {
                return default!;
            }

            try
            {
                var stream = await response.Content.ReadAsStreamAsync();
                return (await JsonSerializer.DeserializeAsync(stream, answerInfo))!;
            }
            catch (JsonException exception)
            {
                throw new ApiException("bad-answer", exception.Message);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
