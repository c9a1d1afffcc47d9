using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Gateway;

/// <summary>
/// API.md from the terminal's side: a device token (cached, sealed, in the store), online charges
/// within the cashier's time budget (at most 2 s), offline batches and snapshot pages.
/// </summary>
public sealed class GatewayClient(HttpClient http, Enrollment enrollment, EnrollmentStore tokens, TimeProvider time, TimeSpan? chargeTimeout = null)
{
    public static readonly TimeSpan MaxChargeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _chargeTimeout = chargeTimeout is { } t && t < MaxChargeTimeout ? t : MaxChargeTimeout;
    private string? _token;

    private string DevicePath => $"api/v1/devices/{Uri.EscapeDataString(enrollment.DeviceId)}";

    /// <summary>Charges online; never throws for network trouble, it says whether the request can have reached the server.</summary>
    public async Task<OnlineOutcome> ChargeAsync(OutboxEntry entry, CancellationToken cancellation = default)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        budget.CancelAfter(_chargeTimeout);
        var sent = false;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var token = await TokenAsync(attempt > 0, budget.Token);
                sent = true;
                using var response = await SendAsync(HttpMethod.Post, $"{DevicePath}/payments", Json.Payment(entry), token, budget.Token);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    sent = false;
                    continue;
                }

                return await ToOutcomeAsync(response, budget.Token);
            }
        }
        catch (GatewayRefusedException e)
        {
            return new OnlineOutcome(OnlineOutcomeKind.Refused, Problem: e.Message);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            return new OnlineOutcome(OnlineOutcomeKind.NotSent, Problem: e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or GatewayUnavailableException)
        {
            return new OnlineOutcome(sent ? OnlineOutcomeKind.Unknown : OnlineOutcomeKind.NotSent, Problem: e.Message);
        }
    }

    public async Task<BatchResponse> SendBatchAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellation = default)
    {
        var body = new BatchRequest([.. entries.Select(Json.Offline)]);
        return await CallAsync<BatchResponse>(HttpMethod.Post, $"{DevicePath}/batches", body, cancellation);
    }

    /// <summary>Gives back (part of) a sale of this device; the same refundId again answers <c>duplicate</c>.</summary>
    public Task<RefundResponse> RefundAsync(RefundRequest refund, CancellationToken cancellation = default) =>
        CallAsync<RefundResponse>(HttpMethod.Post, $"{DevicePath}/refunds", refund, cancellation);

    public Task<OfflineSnapshotResponse> GetSnapshotAsync(long since, CancellationToken cancellation = default) =>
        CallAsync<OfflineSnapshotResponse>(HttpMethod.Get, $"{DevicePath}/offline-snapshot?since={since}", null, cancellation);

    private async Task<T> CallAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellation)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        budget.CancelAfter(SyncTimeout);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var token = await TokenAsync(attempt > 0, budget.Token);
                using var response = await SendAsync(method, path, body, token, budget.Token);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    continue;
                }

                await EnsureSuccessAsync(response, budget.Token);
                return (await response.Content.ReadFromJsonAsync<T>(Json.Options, budget.Token))!;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            throw new GatewayUnavailableException($"The gateway did not answer: {e.Message}", e);
        }
    }

    private async Task<string> TokenAsync(bool renew, CancellationToken cancellation)
    {
        if (!renew && (_token ??= await tokens.CachedTokenAsync(time.GetUtcNow())) is { } cached)
        {
            return cached;
        }

        using var response = await http.PostAsJsonAsync("api/v1/auth/token", new { clientId = enrollment.ClientId, clientSecret = enrollment.ClientSecret }, Json.Options, cancellation);
        await EnsureSuccessAsync(response, cancellation);
        var answer = (await response.Content.ReadFromJsonAsync<TokenResponse>(Json.Options, cancellation))!;
        _token = answer.AccessToken;
        await tokens.CacheTokenAsync(answer.AccessToken, time.GetUtcNow().AddSeconds(answer.ExpiresIn));
        return answer.AccessToken;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, string token, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        return await http.SendAsync(request, cancellation);
    }

    private static async Task<OnlineOutcome> ToOutcomeAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode)
        {
            return new OnlineOutcome(OnlineOutcomeKind.Answered, await response.Content.ReadFromJsonAsync<PaymentResponse>(Json.Options, cancellation));
        }

        var problem = await response.Content.ReadAsStringAsync(cancellation);
        return (int)response.StatusCode switch
        {
            404 when problem.Contains("wallet-not-found", StringComparison.Ordinal) => new OnlineOutcome(OnlineOutcomeKind.WalletNotFound, Problem: problem),
            408 or 429 or >= 500 => new OnlineOutcome(OnlineOutcomeKind.Unknown, Problem: $"{(int)response.StatusCode}: {problem}"),
            _ => new OnlineOutcome(OnlineOutcomeKind.Refused, Problem: $"{(int)response.StatusCode}: {problem}"),
        };
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var problem = await response.Content.ReadAsStringAsync(cancellation);
        if ((int)response.StatusCode is 408 or 429 or >= 500)
        {
            throw new GatewayUnavailableException($"The gateway answered {(int)response.StatusCode}: {problem}");
        }

        throw new GatewayRefusedException((int)response.StatusCode, $"The gateway refused the request ({(int)response.StatusCode}): {problem}", GatewayProblem.Parse(problem));
    }
}
