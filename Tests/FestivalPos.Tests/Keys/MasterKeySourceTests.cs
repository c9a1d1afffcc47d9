using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using FestivalPos.Grains.Keys;
using FestivalPos.Silo.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Tests.Keys;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeySourceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"festivalpos-keys-{Guid.NewGuid():N}");

    [Fact]
    public void The_key_file_is_created_owner_only_from_the_first_byte_and_reused()
    {
        var path = Path.Combine(_directory, "master.key");

        var first = FileMasterKey.Open(path);
        var second = FileMasterKey.Open(path);

        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        second.MasterKeyId.Should().Be(first.MasterKeyId);
        second.Unwrap(first.Wrap([1, 2, 3], "p"), "p").Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        var path = Path.Combine(_directory, "master.key");
        FileMasterKey.Open(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        FluentActions.Invoking(() => FileMasterKey.Open(path)).Should().Throw<InvalidOperationException>().WithMessage("*Keys:FilePath*owner-only*");
    }

    [Fact]
    public async Task The_key_vault_secret_is_read_with_the_credential_and_its_version_names_the_key()
    {
        var key = RandomNumberGenerator.GetBytes(KeyRing.MasterKeyBytes);
        var vault = new FakeKeyVault("festivalpos-master-key", "v7", Convert.ToBase64String(key));
        var client = new SecretClient(new Uri("https://festivalpos-test.vault.azure.net/"), new StaticCredential(), new SecretClientOptions
        {
            Transport = new HttpClientTransport(new HttpClient(vault)),
            DisableChallengeResourceVerification = true,
        });

        var ring = await KeyVaultMasterKey.OpenAsync(client, "festivalpos-master-key", CancellationToken.None);

        ring.MasterKeyId.Should().Be("kv-v7");
        vault.AuthorizedReads.Should().Be(1);
        new KeyRing(key, "kv-v7").Unwrap(ring.Wrap([9], "p"), "p").Should().Equal(9);
    }

    [Fact]
    public void Outside_development_a_silo_without_a_key_provider_refuses_to_start()
    {
        var production = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        var development = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        development.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Keys:FilePath"] = Path.Combine(_directory, "dev.key") });

        FluentActions.Invoking(() => production.AddMasterKey()).Should().Throw<InvalidOperationException>().WithMessage("*Keys:Provider*");
        development.AddMasterKey();
        File.Exists(Path.Combine(_directory, "dev.key")).Should().BeTrue();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private sealed class StaticCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("test-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Answers as Key Vault does: a bearer challenge without a token, the secret with one.</summary>
    private sealed class FakeKeyVault(string name, string version, string value) : HttpMessageHandler
    {
        public int AuthorizedReads { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/tenant\", resource=\"https://vault.azure.net\"");
                return Task.FromResult(challenge);
            }

            request.Headers.Authorization.Parameter.Should().Be("test-token");
            request.RequestUri!.AbsolutePath.TrimEnd('/').Should().Be($"/secrets/{name}");
            AuthorizedReads++;
            var body = System.Text.Json.JsonSerializer.Serialize(new { value, id = $"https://festivalpos-test.vault.azure.net/secrets/{name}/{version}", attributes = new { enabled = true } });
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
