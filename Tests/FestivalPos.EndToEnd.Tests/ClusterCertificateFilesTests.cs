using System.Diagnostics;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The one-command system creates its cluster CA and node certificate (and the bootstrap secrets)
/// owner-only in data/, and a second start over the same folder reuses them: the gateway joins the
/// silo with them again. Unix file modes: not run on Windows.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class ClusterCertificateFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly string[] CreatedFiles = ["cluster-ca.pem", "cluster-ca.pfx", "cluster-node.pfx", "bootstrap-credentials.json"];
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

    /// <summary>A token needs the gateway's Orleans client to reach the silo's client grains over mutual TLS.</summary>
    private static async Task SignInAsOrganizerAsync(RunningSystem system)
    {
        var credentials = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(system.DataDirectory, "bootstrap-credentials.json")))!;
        using var http = system.CreateClient();
        await ApiClient.SignInAsync(http, credentials["OrganizerClientId"]!.GetValue<string>(), credentials["OrganizerSecret"]!.GetValue<string>());
    }

    private async Task RunAppHostAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = _workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(RunningSystem.AppHostPath());
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.ExitCode.Should().Be(0, $"{await output}\n{await errors}");
    }
}
