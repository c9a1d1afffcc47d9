using System.Buffers;
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

    /// <summary>A longer header is not read here (the validation refuses or accepts it all the same).</summary>
    private const int MaxHeaderChars = 1024;

    public static string? Of(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization.AsSpan(Scheme.Length).Trim();
        var headerEnd = token.IndexOf('.');
        Span<byte> header = stackalloc byte[Base64Url.GetMaxDecodedLength(MaxHeaderChars)];
        if (headerEnd is <= 0 or > MaxHeaderChars || Base64Url.DecodeFromChars(token[..headerEnd], header, out _, out var written) != OperationStatus.Done)
        {
            return null;
        }

        try
        {
            return KeyIdIn(new Utf8JsonReader(header[..written]));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? KeyIdIn(Utf8JsonReader header)
    {
        if (!header.Read() || header.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (header.Read() && header.TokenType == JsonTokenType.PropertyName)
        {
            var isKeyId = header.ValueTextEquals("kid"u8);
            header.Read();
            if (isKeyId)
            {
                return header.TokenType == JsonTokenType.String ? header.GetString() : null;
            }

            header.Skip();
        }

        return null;
    }
}
