using FestivalPos.Grains.Interfaces;
using FestivalPos.Wire.Contracts;
using FestivalPos.Wire.Sun;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FestivalPos.Gateway.Api.Validation;

/// <summary>Collects what is wrong with a request, field by field, into one 400 ValidationProblem.</summary>
public sealed class RequestValidator
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

    public RequestValidator ClientId(string field, string? value)
    {
        if (!Auth.ClientIds.IsValid(value))
        {
            Add(field, $"'{field}' must be 1 to {Grains.Interfaces.Auth.IApiClientGrain.MaxClientIdLength} characters of A-Z a-z 0-9 _ -.");
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
        if (!Wire.WireTime.IsValid(value))
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

    public RequestValidator Credential(string field, CredentialBody? credential)
    {
        if (credential is null)
        {
            Add(field, $"'{field}' is required.");
            return this;
        }

        var type = Grains.Interfaces.Credential.ParseType(credential.Type);
        if (type is null)
        {
            Add($"{field}.type", $"'{field}.type' must be one of nfc, nfc-sun, pin, qr.");
        }

        if (type == CredentialType.NfcSun)
        {
            return Check(SunMessage.TryParse(credential.Value, out _), $"{field}.value", $"'{field}.value' must be a SUN message {SunMessage.Format}.");
        }

        return Text($"{field}.value", credential.Value, LedgerLimits.MaxCredentialValueLength);
    }

    /// <summary>A SUN wristband's uid: 7 bytes in upper-case hex, as the tag mirrors it.</summary>
    public RequestValidator SunUid(string field, string? value) =>
        Check(SunMessage.IsUid(value), field, $"'{field}' must be a SUN wristband's uid: 14 upper-case hex digits.");

    /// <summary>A sale's lines, when sent: each well formed, and together exactly the amount.</summary>
    public RequestValidator Lines(string field, SaleLine[]? lines, long amount, long maxAmount) =>
        SaleLines.Problem(lines, amount, maxAmount) is { } problem ? Check(false, field, problem) : this;

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

    private void Add(string field, string message)
    {
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
    }
}
