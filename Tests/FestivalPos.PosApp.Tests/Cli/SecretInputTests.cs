using System.Runtime.Versioning;
using System.Text.Json;
using FestivalPos.PosApp.Tests.Crash;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Cli;

/// <summary>
/// The built posapp, run as its own process against the real gateway, takes secrets from files readable by their owner
/// only or from stdin, and refuses them as arguments (which every user of the machine can read) before it writes anything.
/// Unix file modes: not run on Windows.
/// </summary>
[Collection(PosSystemCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class SecretInputTests(PosSystem system) : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"posapp-secrets-{Guid.NewGuid():N}")).FullName;

    public static TheoryData<string[], string> SecretArguments => new()
    {
        { ["enroll", "--gateway", "http://127.0.0.1:9", "--device-id", "d-1", "--client-secret", "client-secret-in-the-open"], "--enrollment FILE (the answer of POST /api/v1/devices)" },
        { ["enroll", "--enrollment", "enrollment.json", "--signing-key=c2lnbmluZy1rZXk="], "--enrollment FILE (the answer of POST /api/v1/devices)" },
        { ["enroll", "--enrollment", "enrollment.json", "--snapshot-key", "c25hcHNob3Qta2V5"], "--enrollment FILE (the answer of POST /api/v1/devices)" },
        { ["simulate", "--gateway", "http://127.0.0.1:9", "--organizer-id", "organizer", "--organizer-secret", "organizer-secret-in-the-open"], "--organizer-secret-file FILE" },
        { ["simulate", "--gateway", "http://127.0.0.1:9", "--topup-secret=topup-secret-in-the-open"], "--topup-secret-file FILE" },
    };

    private string Data => Path.Combine(_folder, "data");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enroll_reads_the_devices_answer_from_an_owner_only_file_or_stdin_and_sell_reads_the_PIN_from_stdin(bool answerOnStdin)
    {
        var (walletId, _) = await system.NewWalletAsync(1000, pin: "4321");
        var device = await system.NewDeviceAsync();
        var enroll = answerOnStdin
            ? await RunAsync(device.GetRawText(), "enroll", "--enrollment", "-", "--gateway", system.Gateway.Url, "--data", Data)
            : await RunAsync(null, "enroll", "--enrollment", Write("enrollment.json", device.GetRawText(), OwnerOnly), "--gateway", system.Gateway.Url, "--data", Data);
        enroll.ExitCode.Should().Be(ExitCodes.Ok, enroll.Output);

        var sale = await RunAsync("4321\n", "sell", "--wallet", walletId, "--pin", "-", "--amount", "300", "--data", Data);

        sale.ExitCode.Should().Be(ExitCodes.Approved, sale.Output);
        sale.Output.Should().Contain($"approved seq=1 mode=online wallet={walletId} amount=300 balance=700");
        (await system.ChargesAsync(walletId, device.GetProperty("deviceId").GetString()!)).Should().Equal((1L, 300L));
    }

    [Theory]
    [MemberData(nameof(SecretArguments))]
    public async Task A_secret_given_as_an_argument_is_refused_before_anything_is_written(string[] arguments, string instead)
    {
        var run = await RunAsync(null, [.. arguments, "--data", Data]);

        run.ExitCode.Should().Be(ExitCodes.Usage, run.Output);
        run.Output.Should().Contain("would show the secret to every user of this machine").And.Contain($"give {instead} instead");
        Directory.Exists(Data).Should().BeFalse("nothing is written");
    }

    [Fact]
    public async Task Only_one_secret_comes_from_stdin()
    {
        var simulate = await RunAsync($"{TestGateway.OrganizerSecret}\n{TestGateway.TopUpSecret}\n", "simulate", "--gateway", system.Gateway.Url,
            "--organizer-id", TestGateway.OrganizerId, "--organizer-secret-file", "-", "--topup-id", TestGateway.TopUpId, "--topup-secret-file", "-", "--data", Data);

        simulate.ExitCode.Should().Be(ExitCodes.Usage, simulate.Output);
        simulate.Output.Should().Contain("--organizer-secret-file already reads stdin: give --topup-secret-file a file.");
        Directory.Exists(Data).Should().BeFalse("nothing is written");
    }

    [Fact]
    public async Task A_PIN_given_as_an_argument_is_refused_and_nothing_is_sold()
    {
        var (walletId, _) = await system.NewWalletAsync(1000, pin: "4321");
        var device = await system.NewDeviceAsync();
        await EnrollFromStdinAsync(device);

        var sale = await RunAsync(null, "sell", "--wallet", walletId, "--pin", "4321", "--amount", "300", "--data", Data);

        sale.ExitCode.Should().Be(ExitCodes.Usage, sale.Output);
        sale.Output.Should().Contain("A PIN in the arguments is visible to every user of this machine").And.Contain("give --pin - and the PIN on stdin");
        var status = await RunAsync(null, "status", "--data", Data);
        status.Output.Should().Contain("backlog=0").And.NotContain("seq=", "no sale was written");
        (await system.ChargesAsync(walletId, device.GetProperty("deviceId").GetString()!)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_cashier_session_reads_the_PIN_from_the_line_after_the_sale_and_refuses_one_in_the_sale()
    {
        var (walletId, _) = await system.NewWalletAsync(1000, pin: "4321");
        var device = await system.NewDeviceAsync();
        await EnrollFromStdinAsync(device);

        var session = await RunAsync(
            $"sell --wallet {walletId} --pin - --amount 300\n4321\nsell --wallet {walletId} --pin 4321 --amount 200\nquit\n", "run", "--data", Data);

        session.ExitCode.Should().Be(ExitCodes.Ok, session.Output);
        session.Output.Should().Contain($"approved seq=1 mode=online wallet={walletId} amount=300 balance=700")
            .And.Contain("error: A PIN in the arguments is visible to every user of this machine");
        (await system.ChargesAsync(walletId, device.GetProperty("deviceId").GetString()!)).Should().Equal((1L, 300L));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    public async Task An_enrollment_file_others_may_read_is_refused_before_anything_is_written(UnixFileMode others)
    {
        var path = Write("enrollment.json", (await system.NewDeviceAsync()).GetRawText(), OwnerOnly | others);

        var enroll = await RunAsync(null, "enroll", "--enrollment", path, "--gateway", system.Gateway.Url, "--data", Data);

        enroll.ExitCode.Should().Be(ExitCodes.Config, enroll.Output);
        enroll.Output.Should().Contain($"--enrollment: the file {path} may be read by other users of this machine").And.Contain($"(chmod 600 {path})");
        Directory.Exists(Data).Should().BeFalse("nothing is written");
    }

    [Fact]
    public async Task A_secret_file_others_may_read_is_refused_before_the_simulator_signs_in()
    {
        var organizerSecret = Write("organizer.secret", TestGateway.OrganizerSecret, OwnerOnly | UnixFileMode.OtherRead);
        var topUpSecret = Write("topup.secret", TestGateway.TopUpSecret, OwnerOnly);

        var simulate = await RunAsync(null, "simulate", "--gateway", system.Gateway.Url, "--organizer-id", TestGateway.OrganizerId, "--organizer-secret-file", organizerSecret,
            "--topup-id", TestGateway.TopUpId, "--topup-secret-file", topUpSecret, "--data", Data);

        simulate.ExitCode.Should().Be(ExitCodes.Config, simulate.Output);
        simulate.Output.Should().Contain($"--organizer-secret-file: the file {organizerSecret} may be read by other users").And.Contain($"(chmod 600 {organizerSecret})");
        Directory.Exists(Data).Should().BeFalse("nothing is written");
    }

    private async Task EnrollFromStdinAsync(JsonElement device)
    {
        var enroll = await RunAsync(device.GetRawText(), "enroll", "--enrollment", "-", "--gateway", system.Gateway.Url, "--no-sync", "--data", Data);
        enroll.ExitCode.Should().Be(ExitCodes.Ok, enroll.Output);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string? stdin, params string[] arguments)
    {
        using var posapp = new PosAppProcess(arguments);
        await posapp.Input.WriteAsync(stdin);
        posapp.Input.Close();
        await posapp.WaitAsync(TimeSpan.FromSeconds(60));
        return (posapp.ExitCode, string.Join('\n', posapp.Lines));
    }

    private string Write(string name, string content, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
