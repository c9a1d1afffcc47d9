using FestivalPos.Gateway.Api.Auth;

namespace FestivalPos.Gateway.Tests.Security;

public sealed class ClientSecretHasherTests
{
    [Fact]
    public void Chosen_secrets_are_stretched_and_generated_ones_take_one_round_and_both_check_only_their_secret()
    {
        var chosen = ClientSecretHasher.Hash("an operator's chosen secret");
        var generated = ClientSecretHasher.NewSecret();
        var verifier = ClientSecretHasher.HashGenerated(generated);

        chosen.Iterations.Should().Be(ClientSecretHasher.Iterations);
        verifier.Iterations.Should().Be(1);
        ClientSecretHasher.Matches(chosen, "an operator's chosen secret").Should().BeTrue();
        ClientSecretHasher.Matches(chosen, "an operator's chosen secreT").Should().BeFalse();
        ClientSecretHasher.Matches(verifier, generated).Should().BeTrue();
        ClientSecretHasher.Matches(verifier, ClientSecretHasher.NewSecret()).Should().BeFalse();
        ClientSecretHasher.Matches(null, generated).Should().BeFalse();
        Convert.FromBase64String(verifier.Salt).Should().HaveCount(16);
        ClientSecretHasher.HashGenerated(generated).Hash.Should().NotBe(verifier.Hash, "every verifier has its own salt");
    }
}
