using System.Reflection;
using System.Runtime.Versioning;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The built load harness takes a running system's bootstrap secrets from owner-only files or stdin, and refuses them as
/// arguments, in files others may read, or as a password in a connection string. Unix file modes: not run on Windows.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class LoadHarnessSecretsTests : IDisposable
{
    private const int UsageExitCode = 2;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"festivalpos-harness-{Guid.NewGuid():N}")).FullName;

    public static TheoryData<string[], string> Refused => new()
    {
        { ["--organizer-secret", "organizer-secret-in-the-open"], "--organizer-secret would show the secret to every user of this machine (ps)" },
        { ["--topup-secret", "topup-secret-in-the-open"], "give --topup-secret-file FILE instead, readable by you only, or - to read it from stdin" },
        { ["--organizer-secret-file", "-", "--topup-secret-file", "-"], "Only one secret can come from stdin: give --topup-secret-file a file." },
        { ["--pg", "Host=127.0.0.1;Username=bench;Password=in-the-open;Database=ledger"], "--pg holds a password" },
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_secret_in_the_arguments_is_refused(string[] arguments, string message)
    {
        var (exitCode, output) = await RunHarnessAsync(arguments, stdin: "a-secret\nanother-secret\n");

        exitCode.Should().Be(UsageExitCode, output);
        output.Should().Contain(message);
    }

    [Fact]
    public async Task A_secret_file_others_may_read_is_refused()
    {
        var path = Write("organizer.secret", RunningSystem.OrganizerSecret, OwnerOnly | UnixFileMode.GroupRead);

        var (exitCode, output) = await RunHarnessAsync(["--organizer-secret-file", path]);

        exitCode.Should().Be(UsageExitCode, output);
        output.Should().Contain($"--organizer-secret-file: the file {path} may be read by other users of this machine").And.Contain($"(chmod 600 {path})");
    }

    [Fact]
    public async Task The_harness_signs_in_to_a_running_system_with_secrets_from_an_owner_only_file_and_stdin()
    {
        await using var system = await RunningSystem.StartAsync();
        var organizerSecret = Write("organizer.secret", RunningSystem.OrganizerSecret + "\n", OwnerOnly);

        var (_, output) = await RunHarnessAsync(
            ["--url", system.BaseAddress.ToString(), "--organizer-secret-file", organizerSecret, "--topup-secret-file", "-", "--pg", "Host=127.0.0.1;Port=1;Database=none",
             "--terminals", "1", "--wallets", "1", "--warmup", "0", "--seconds", "1", "--paced-seconds", "0", "--offline", "0", "--no-baseline"],
            stdin: RunningSystem.TopupSecret + "\n");

        output.Should().Contain("[setup] 1 wallets (wristband, top-up) and 1 terminals enrolled", "the organizer created the wallet and enrolled the terminal, the top-up client topped it up");
    }

    private Task<(int ExitCode, string Output)> RunHarnessAsync(string[] arguments, string stdin = "")
    {
        var harness = typeof(LoadHarnessSecretsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LoadHarnessAssembly").Value!;
        return ProcessRun.RunAsync("dotnet", [harness, .. arguments], _folder, stdin);
    }

    private string Write(string name, string content, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
