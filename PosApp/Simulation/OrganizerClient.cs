using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.PosApp.Gateway;

namespace FestivalPos.PosApp.Simulation;

/// <summary>
/// The few organizer and top-up calls the simulator needs to set up wallets, stands and terminals. Each request is
/// built here with the signed-in client's token and sent once, over the shared connection pool.
/// </summary>
public sealed class OrganizerClient
{
    private readonly HttpClient _http;
    private readonly string _token;

    private OrganizerClient(HttpClient http, string token)
    {
        _http = http;
        _token = token;
    }

    public static async Task<OrganizerClient> SignInAsync(HttpClient http, string clientId, string secret, CancellationToken cancellation = default)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/token", new { clientId, clientSecret = secret }, Json.Options, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new PosException(ExitCodes.Config, $"Signing in as '{clientId}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
        }

        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(Json.Options, cancellation))!;
        return new OrganizerClient(http, token.AccessToken);
    }

    public Task<JsonElement> PostAsync(string path, object body, CancellationToken cancellation = default) => SendAsync(HttpMethod.Post, path, body, cancellation);

    public Task<JsonElement> PutAsync(string path, object body, CancellationToken cancellation = default) => SendAsync(HttpMethod.Put, path, body, cancellation);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, options: Json.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http.SendAsync(request, cancellation);
        if (!response.IsSuccessStatusCode)
        {
            throw new PosException(ExitCodes.Failure, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
        }

        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
    }
}
