using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>A client written from API.md alone: JSON in, JSON out, a bearer token per caller.</summary>
public sealed class ApiClient(HttpClient http, string accessToken)
{
    public static async Task<ApiClient> SignInAsync(HttpClient http, string clientId, string clientSecret)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/token", new { clientId, clientSecret });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        token["tokenType"]!.GetValue<string>().Should().Be("Bearer");
        return new ApiClient(http, token["accessToken"]!.GetValue<string>());
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null);
    }

    public async Task<JsonObject?> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, object? body = null)
    {
        var (status, answer) = await SendAsync(method, path, body);
        status.Should().Be(expected, $"{method} {path} answered {answer?.ToJsonString()}");
        return answer;
    }
}
