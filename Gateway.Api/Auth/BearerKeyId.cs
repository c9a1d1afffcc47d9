using System.Buffers.Text;
using System.Text.Json;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// The key id (<c>kid</c>) a bearer token's header names, read without checking anything, so the gateway knows
/// whether to read the keys again before the token is validated. Anything unreadable names no key.
/// </summary>
public static class BearerKeyId
{
    private const string Scheme = "Bearer ";

    /// <summary>A header longer than this is not read here (the validation refuses or accepts it all the same).</summary>
    private const int MaxHeaderChars = 1024;

    public static string? Of(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(Scheme.Length).Trim();
        var headerEnd = token.IndexOf('.');
        var header = new byte[MaxHeaderChars];
        if (headerEnd is <= 0 or > MaxHeaderChars || !Base64Url.TryDecodeFromChars(token[..headerEnd], header, out var written))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(header.AsMemory(0, written));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kid", out var keyId) && keyId.ValueKind == JsonValueKind.String
                ? keyId.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
