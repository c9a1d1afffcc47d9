using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The one-command system creates its cluster CA and node certificate (and the bootstrap and operator secrets)
/// owner-only in data/, and a second start over the same folder reuses them: the gateway joins the
/// silo with them again. Unix file modes: not run on Windows.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ClusterCertificateFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly string[] CreatedFiles = ["cluster-ca.pem", "cluster-ca.pfx", "cluster-node.pfx", "bootstrap-credentials.json", "operator-credentials.json"];
    /// <summary>The README's command that puts the bootstrap clients' secrets in files for <c>posapp simulate</c>.</summary>
    private const string ReadmeSecretFiles = """
        (umask 077; sed -n 's/.*"OrganizerSecret": "\(.*\)".*/\1/p' data/bootstrap-credentials.json > organizer.secret
                    sed -n 's/.*"TopupSecret": "\(.*\)".*/\1/p' data/bootstrap-credentials.json > topup.secret)
        """;
    /// <summary>The README's commands that read the Orleans Dashboard's data as the operator (Operations → the Orleans Dashboard).</summary>
    private const string ReadmeDashboardAsOperator = """
        secret=$(sed -n 's/.*"ClientSecret": "\(.*\)".*/\1/p' data/operator-credentials.json)
        token=$(printf '{"clientId":"operator","clientSecret":"%s"}' "$secret" |
                curl -sk -X POST https://127.0.0.1:7443/api/v1/auth/token -H 'content-type: application/json' -d @- |
                sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
        printf 'Authorization: Bearer %s\n' "$token" | curl -sk -H @- https://127.0.0.1:7443/operations/dashboard/DashboardCounters
        """;

    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-e2e-files-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_AppHost_creates_its_cluster_certificates_owner_only_and_reuses_them_on_restart()
    {
        Dictionary<string, byte[]> first;
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: false))
        {
            system.OutputContains("node certificate " + Path.Combine(system.DataDirectory, "cluster-node.pfx") + " (created)").Should().BeTrue();
            first = ReadOwnerOnlyFiles(system.DataDirectory);
            await SignInAsOrganizerAsync(system);
            await ReadTheDashboardAsOperatorAsync(system);
        }

        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: false))
        {
            system.OutputContains("(reused)").Should().BeTrue();
            await SignInAsOrganizerAsync(system);
            var second = ReadOwnerOnlyFiles(system.DataDirectory);
            foreach (var (name, content) in first)
            {
                second[name].Should().Equal(content, $"{name} is reused, not created again");
            }
        }

        var authority = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(_workingDirectory, "data", "cluster-ca.pem")));
        var node = X509CertificateLoader.LoadPkcs12(first["cluster-node.pfx"], password: null);
        node.HasPrivateKey.Should().BeTrue();
        new ClusterTlsCredentials(authority, node).ValidateRemote(node, null, SslPolicyErrors.None).Should().BeTrue();
    }

    [Fact]
    public async Task Issue_certificate_writes_an_owner_only_node_certificate_of_the_same_CA()
    {
        Directory.CreateDirectory(_workingDirectory);
        await RunAppHostAsync("issue-certificate", "silo-2.pfx");
        await RunAppHostAsync("issue-certificate", "gateway-2.pfx");

        var data = Path.Combine(_workingDirectory, "data");
        File.GetUnixFileMode(Path.Combine(data, "cluster-ca.pfx")).Should().Be(OwnerOnly);
        File.GetUnixFileMode(Path.Combine(data, "cluster-ca.pem")).Should().Be(OwnerOnly);
        var authority = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(data, "cluster-ca.pem")));
        foreach (var name in new[] { "silo-2", "gateway-2" })
        {
            var path = Path.Combine(_workingDirectory, $"{name}.pfx");
            File.GetUnixFileMode(path).Should().Be(OwnerOnly);
            var issued = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            issued.Subject.Should().Be($"CN={name}");
            new ClusterTlsCredentials(authority, issued).ValidateRemote(issued, null, SslPolicyErrors.None).Should().BeTrue();
            new ClusterTlsCredentials(TestClusterCertificates.Shared.Authority, issued).ValidateRemote(issued, null, SslPolicyErrors.None).Should().BeFalse();
        }
    }

    private static Dictionary<string, byte[]> ReadOwnerOnlyFiles(string dataDirectory)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var name in CreatedFiles)
        {
            var path = Path.Combine(dataDirectory, name);
            File.GetUnixFileMode(path).Should().Be(OwnerOnly, $"{name} holds a key or a secret");
            files[name] = File.ReadAllBytes(path);
        }

        return files;
    }

    /// <summary>
    /// Signs in with the secrets the README's command takes out of the bootstrap credentials into owner-only files; a token
    /// needs the gateway's Orleans client to reach the silo's client grains over mutual TLS.
    /// </summary>
    private async Task SignInAsOrganizerAsync(RunningSystem system)
    {
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(system.DataDirectory, "bootstrap-credentials.json")))!;
        var (exitCode, output) = await ProcessRun.RunAsync("bash", ["-c", ReadmeSecretFiles], _workingDirectory);
        exitCode.Should().Be(0, output);
        foreach (var (file, key) in new[] { ("organizer.secret", "OrganizerSecret"), ("topup.secret", "TopupSecret") })
        {
            var path = Path.Combine(_workingDirectory, file);
            File.GetUnixFileMode(path).Should().Be(OwnerOnly, $"posapp refuses a secret file others may read\n{output}");
            (await File.ReadAllTextAsync(path)).Should().Be(credentials[key]!.GetValue<string>() + "\n");
        }

        using var http = system.CreateClient();
        await ApiClient.SignInAsync(http, credentials["OrganizerClientId"]!.GetValue<string>(), (await File.ReadAllTextAsync(Path.Combine(_workingDirectory, "organizer.secret"))).TrimEnd('\n'));
    }

    /// <summary>The README's commands, run against this system's gateway: the operator's token from its own credentials file opens the dashboard's data.</summary>
    private async Task ReadTheDashboardAsOperatorAsync(RunningSystem system)
    {
        var commands = ReadmeDashboardAsOperator.Replace("https://127.0.0.1:7443/", system.BaseAddress.ToString(), StringComparison.Ordinal);
        var (exitCode, output) = await ProcessRun.RunAsync("bash", ["-c", commands], _workingDirectory);

        exitCode.Should().Be(0, output);
        output.Should().Contain("\"totalActiveHostCount\"").And.Contain("\"hosts\"");
    }

    private async Task RunAppHostAsync(params string[] arguments)
    {
        var (exitCode, output) = await ProcessRun.RunAsync("dotnet", [RunningSystem.AppHostPath(), .. arguments], _workingDirectory);
        exitCode.Should().Be(0, output);
    }
}
