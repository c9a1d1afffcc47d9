using System.ComponentModel.DataAnnotations;
using FestivalPos.Gateway.Api.Auth;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Configured signing keys are checked at start, with a message naming the key that is wrong.</summary>
public sealed class SigningKeyOptionsTests
{
    private static readonly string Current = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string Previous = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    public static TheoryData<string?, string[], string> Mistakes => new()
    {
        { null, [Previous], "Auth:PreviousSigningKeys needs Auth:SigningKey" },
        { Current, ["dG9vLXNob3J0"], "Auth:PreviousSigningKeys:0 must be base64 of at least 32 bytes." },
        { Current, [Previous, Convert.ToBase64String(Convert.FromBase64String(Current))], "Auth:PreviousSigningKeys:1 is Auth:SigningKey itself" },
        { Current, [.. Enumerable.Repeat(Previous, AuthOptions.MaxPreviousSigningKeys + 1)], $"Auth:PreviousSigningKeys may hold at most {AuthOptions.MaxPreviousSigningKeys} keys." },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_in_the_signing_keys_is_named(string? signingKey, string[] previousSigningKeys, string message)
    {
        Problems(new AuthOptions { SigningKey = signingKey, PreviousSigningKeys = previousSigningKeys }).Should().ContainSingle().Which.Should().StartWith(message);
    }

    [Fact]
    public void A_current_key_with_previous_ones_is_valid()
    {
        Problems(new AuthOptions { SigningKey = Current, PreviousSigningKeys = [Previous] }).Should().BeEmpty();
    }

    private static IEnumerable<string> Problems(AuthOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(result => result.ErrorMessage!);
    }
}
