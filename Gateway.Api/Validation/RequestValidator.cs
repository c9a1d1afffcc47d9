using System.Globalization;
using System.Text.RegularExpressions;
using FestivalPos.Grains.Interfaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Validation;

/// <summary>Collects what is wrong with a request, field by field, into one 400 ValidationProblem.</summary>
public sealed partial class RequestValidator
{
    public const int MaxSecretLength = 256;
    public const int MaxSignatureLength = 256;

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public RequestValidator Id(string field, string? value)
    {
        if (!LedgerLimits.IsValidId(value))
        {
            Add(field, $"'{field}' must be 1 to {LedgerLimits.MaxIdLength} characters of A-Z a-z 0-9 _ -.");
        }

        return this;
    }

    public RequestValidator Amount(string field, long value, long maxAmount)
    {
        if (value < 1 || value > maxAmount)
        {
            Add(field, $"'{field}' must be an integer from 1 to {maxAmount}.");
        }

        return this;
    }

    public RequestValidator Seq(string field, long value)
    {
        if (value < 1)
        {
            Add(field, $"'{field}' must be a positive integer.");
        }

        return this;
    }

    public RequestValidator CreatedAt(string field, string? value)
    {
        if (!IsRfc3339Utc(value))
        {
            Add(field, $"'{field}' must be an RFC 3339 UTC timestamp such as 2026-07-18T21:04:05Z.");
        }

        return this;
    }

    public RequestValidator Pin(string field, string? value)
    {
        if (!LedgerLimits.IsValidPin(value))
        {
            Add(field, $"'{field}' must be {LedgerLimits.MinPinLength} to {LedgerLimits.MaxPinLength} digits.");
        }

        return this;
    }

    public RequestValidator Text(string field, string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            Add(field, $"'{field}' must be 1 to {maxLength} characters.");
        }

        return this;
    }

    public RequestValidator Credential(string field, Apis.CredentialDto? credential)
    {
        if (credential is null)
        {
            Add(field, $"'{field}' is required.");
            return this;
        }

        if (Apis.CredentialDto.Parse(credential.Type) is null)
        {
            Add($"{field}.type", $"'{field}.type' must be one of nfc, pin, qr.");
        }

        return Text($"{field}.value", credential.Value, LedgerLimits.MaxCredentialValueLength);
    }

    public RequestValidator Check(bool valid, string field, string message)
    {
        if (!valid)
        {
            Add(field, message);
        }

        return this;
    }

    public bool IsValid => _errors.Count == 0;

    public ValidationProblem Problem() =>
        TypedResults.ValidationProblem(_errors, title: "The request is not valid", type: Errors.Problems.TypePrefix + "validation");

    /// <summary>yyyy-MM-ddTHH:mm:ss[.fraction] with Z (or +00:00): a real UTC instant, written as the terminal signs it.</summary>
    public static bool IsRfc3339Utc(string? value) =>
        value is { Length: <= LedgerLimits.MaxCreatedAtLength }
        && Rfc3339Utc().IsMatch(value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    private void Add(string field, string message)
    {
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?([Zz]|\+00:00)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Utc();
}
