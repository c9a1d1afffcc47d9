using FestivalPos.Gateway.Api.Hosting;

namespace FestivalPos.Gateway.Tests.Operations;

public sealed class SelfSignedCertificateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"festivalpos-cert-{Guid.NewGuid():N}");

    [Fact]
    public void The_first_start_creates_a_server_certificate_and_the_next_reuses_it()
    {
        var path = Path.Combine(_folder, "data", SelfSignedCertificate.FileName);

        using var first = SelfSignedCertificate.LoadOrCreate(path, TimeProvider.System);
        using var second = SelfSignedCertificate.LoadOrCreate(path, TimeProvider.System);

        File.Exists(path).Should().BeTrue();
        first.HasPrivateKey.Should().BeTrue();
        second.Thumbprint.Should().Be(first.Thumbprint);
        first.NotAfter.Should().BeAfter(DateTime.Now.AddYears(1));
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
