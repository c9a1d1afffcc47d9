using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.PosApp.Gateway;

namespace FestivalPos.PosApp.Simulation;

/// <summary>The few organizer and top-up calls the simulator needs to set up wallets and terminals.</summary>
public sealed class OrganizerClient(HttpClient http)
{
    public async Task<OrganizerClient> SignInAsync(string clientId, string secret)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/token", new { clientId, clientSecret = secret });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenAnswer>(Json.Options))!;
        var client = new HttpClient(new HttpClientHandlerFor(http)) { BaseAddress = http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return new OrganizerClient(client);
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new PosException(ExitCodes.Failure, $"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Sends through the signed-out client's connection pool without disposing it.</summary>
    private sealed class HttpClientHandlerFor(HttpClient inner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            inner.SendAsync(request, cancellationToken);
    }
}
