using System.Diagnostics;
using System.Reflection;
using FestivalPos.DevServers;
using Xunit.Abstractions;

namespace FestivalPos.Tests.TestServers;

/// <summary>
/// The throwaway PostgreSQL server leaves nothing behind, neither a running server nor its folder: not when it is
/// disposed, and not when the process that started it is SIGKILLed (a test host or CI job killed from outside).
/// </summary>
public sealed class PostgresServerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OwnerStartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan GoneTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Disposing_it_stops_the_server_and_deletes_its_folder()
    {
        var server = await PostgresServer.StartAsync();
        var postmaster = PostmasterProcessId(server.DataDirectory);
        server.ExecuteAdmin("SELECT 1");

        await server.DisposeAsync();

        await AssertGoneAsync(server.Port, postmaster, server.DataDirectory);
    }

    [Theory]
    [InlineData("own")]
    [InlineData("shared")]
    public async Task When_the_process_that_started_it_is_killed_the_server_stops_and_its_folder_is_deleted(string server)
    {
        using var owner = StartOwner(server);
        try
        {
            var (port, folder) = await ReadServerAsync(owner);
            var postmaster = PostmasterProcessId(folder);
            (await LoopbackPorts.AcceptsConnectionsAsync(port)).Should().BeTrue("the owner started the server");

            // SIGKILL of the owner and every process below it, as a CI timeout kills a test host.
            owner.Kill(entireProcessTree: true);
            await owner.WaitForExitAsync();
            var killed = Stopwatch.StartNew();

            await AssertGoneAsync(port, postmaster, folder);
            output.WriteLine($"Server stopped and folder deleted {killed.Elapsed.TotalSeconds:F2} s after the SIGKILL of its owner.");
        }
        finally
        {
            if (!owner.HasExited)
            {
                owner.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Waits (boundedly) until nothing is left of the server, then asserts so, one thing at a time.</summary>
    private static async Task AssertGoneAsync(int port, int postmaster, string folder)
    {
        var deadline = DateTime.UtcNow + GoneTimeout;
        while (DateTime.UtcNow < deadline &&
               (await LoopbackPorts.AcceptsConnectionsAsync(port) || IsRunning(postmaster) || Directory.Exists(folder)))
        {
            await Task.Delay(100);
        }

        (await LoopbackPorts.AcceptsConnectionsAsync(port)).Should().BeFalse($"nothing listens on {port} any more");
        IsRunning(postmaster).Should().BeFalse($"the postmaster, process {postmaster}, is gone");
        Directory.Exists(folder).Should().BeFalse($"{folder} is deleted");
    }

    private static Process StartOwner(string server)
    {
        var assembly = typeof(PostgresServerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "PostgresServerOwnerAssembly").Value!;
        var startInfo = new ProcessStartInfo("dotnet", [assembly, server])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the PostgreSQL server's owner.");
    }

    /// <summary>The owner's first line: "port folder".</summary>
    private static async Task<(int Port, string Folder)> ReadServerAsync(Process owner)
    {
        using var timeout = new CancellationTokenSource(OwnerStartTimeout);
        var line = await owner.StandardOutput.ReadLineAsync(timeout.Token)
                   ?? throw new InvalidOperationException($"The owner exited before starting its server: {await owner.StandardError.ReadToEndAsync()}");
        var fields = line.Split(' ', 2);
        return (int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), fields[1]);
    }

    /// <summary>The postmaster's process id, the first line of its postmaster.pid.</summary>
    private static int PostmasterProcessId(string folder) =>
        int.Parse(File.ReadLines(Path.Combine(folder, "cluster", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the process exists and is not a zombie (an orphan's zombie waits for a reaper that may never come).</summary>
    private static bool IsRunning(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }

        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }
}
