namespace FestivalPos.Wire.Contracts;

// The JSON bodies of API.md. Requests are records whose properties are required unless they have a default:
// the gateway's JSON options refuse unknown, missing and null properties before a handler runs.

public sealed record TokenRequest(string ClientId, string ClientSecret);

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>A client's new secret, answered once by <c>POST /api/v1/clients/{clientId}/rotate-secret</c>.</summary>
public sealed record ClientSecretResponse(string ClientId, string ClientSecret);

/// <summary>The new token signing key's id, and the one it retired, answered by <c>POST /api/v1/auth/signing-keys/rotate</c>.</summary>
public sealed record SigningKeyRotationResponse(string Kid, string? PreviousKid);
