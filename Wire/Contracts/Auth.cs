namespace FestivalPos.Wire.Contracts;

// The JSON bodies of API.md. Requests are records whose properties are required unless they have a default:
// the gateway's JSON options refuse unknown, missing and null properties before a handler runs.

public sealed record TokenRequest(string ClientId, string ClientSecret);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>A client's new secret, answered once by <c>POST /api/v1/clients/{clientId}/rotate-secret</c>.</summary>
public sealed record ClientSecretResponse(string ClientId, string ClientSecret);
