namespace FestivalPos.Wire.Contracts;

// The JSON bodies of API.md. Requests are records whose properties are required unless they have a default:
// the gateway's JSON options refuse unknown, missing and null properties before a handler runs.

public sealed record TokenRequest(string ClientId, string ClientSecret);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);
