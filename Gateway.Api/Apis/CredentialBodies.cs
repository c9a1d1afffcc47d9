namespace FestivalPos.Gateway.Api.Apis;

public static class CredentialBodies
{
    /// <summary>The ledger's credential; the type was validated before (<see cref="Validation.RequestValidator.Credential"/>).</summary>
    public static Credential ToCredential(this CredentialBody body) =>
        new(Credential.ParseType(body.Type) ?? throw new InvalidOperationException($"Unvalidated credential type '{body.Type}'."), body.Value);
}
