using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>
/// The npm packages the throwaway servers run (Azurite, the Cosmos DB server), each installed once per machine with npm into
/// its own folder, <c>NAME@VERSION</c> (without the package's scope), under <c>$XDG_CACHE_HOME/festivalpos/npm</c>
/// (<c>~/.cache/festivalpos/npm</c>): outside every checkout, so worktrees and CI runs on the same machine
/// share one download.
/// </summary>
public static class NpmPackageCache
{
    /// <summary>The cache folder.</summary>
    public static string Root
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            return Path.Combine(
                string.IsNullOrEmpty(cache) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : cache,
                "festivalpos",
                "npm");
        }
    }

    /// <summary>
    /// The folder holding <paramref name="package"/> at <paramref name="version"/> in its node_modules, installed
    /// first if missing. An install is moved into place whole, so processes installing side by side never see half of one.
    /// </summary>
    public static async Task<string> InstallAsync(string package, string version, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Root, $"{package.Split('/')[^1]}@{version}");
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var staging = $"{folder}.installing-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            await RunNpmAsync(staging, $"{package}@{version}", cancellationToken);
            Directory.Move(staging, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // Another process installed it meanwhile.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return folder;
    }

    private static async Task RunNpmAsync(string prefix, string packageSpec, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("npm")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "--loglevel=error", packageSpec })
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process npm;
        try
        {
            npm = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start npm.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"npm is needed to install {packageSpec} (apt-get install npm on Debian).", exception);
        }

        using (npm)
        {
            var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = npm.StandardError.ReadToEndAsync(cancellationToken);
            await npm.WaitForExitAsync(cancellationToken);
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm install {packageSpec} exited with {npm.ExitCode}: {await output} {await error}");
            }
        }
    }
}
