using System.Buffers.Text;
using System.Text;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Security;

public sealed class BearerKeyIdTests
{
    [Fact]
    public void The_key_id_of_a_signed_token_is_read_from_its_header()
    {
        var token = TestTokens.Sign(new byte[32], "3f9a0c6e1b7d2458", "organizer", "organizer");

        BearerKeyId.Of($"Bearer {token}").Should().Be("3f9a0c6e1b7d2458");
        BearerKeyId.Of($"bearer {token}").Should().Be("3f9a0c6e1b7d2458");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic b3JnYW5pemVyOnNlY3JldA==")]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer .payload.signature")]
    [InlineData("Bearer %%%.payload.signature")]
    public void Anything_unreadable_names_no_key(string? authorization)
    {
        BearerKeyId.Of(authorization).Should().BeNull();
    }

    [Theory]
    [InlineData("""{"alg":"HS256"}""")]
    [InlineData("""{"alg":"HS256","kid":17}""")]
    [InlineData("""{"alg":"HS256","x5":{"kid":"nested"}}""")]
    [InlineData("""["kid","3f9a0c6e1b7d2458"]""")]
    [InlineData("""{"kid":""")]
    public void A_header_without_a_string_kid_at_its_top_names_no_key(string header)
    {
        BearerKeyId.Of($"Bearer {Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header))}.e30.c2ln").Should().BeNull();
    }
}
