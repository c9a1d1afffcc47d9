using System.Diagnostics;

namespace FestivalPos.DevServers;

/// <summary>
/// The npm package of <see cref="CosmosServer"/>, installed with npm into a cache folder of the user's
/// ($XDG_CACHE_HOME or ~/.cache, festivalpos/npm/cosmosdb-server@VERSION) the first time it is needed. The
/// install goes to a folder of its own and is moved into place whole, so processes installing side by
/// side never see half a package.
/// </summary>
internal static class CosmosServerPackage
{
    /// <summary>The installed package's folder (holding lib/cli.js and cert.pem).</summary>
    public static async Task<string> InstallAsync(string version, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(CacheFolder(), $"cosmosdb-server@{version}");
        var package = Path.Combine(folder, "node_modules", "@vercel", "cosmosdb-server");
        if (File.Exists(Path.Combine(package, "lib", "cli.js")))
        {
            return package;
        }

        var staging = $"{folder}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            await RunNpmAsync(staging, $"{CosmosServer.Package}@{version}", cancellationToken);
            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (File.Exists(Path.Combine(package, "lib", "cli.js")))
            {
                // Another process moved its install into place first.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return package;
    }

    private static string CacheFolder()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(cache, "festivalpos", "npm");
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

        using var npm = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start npm: install Node.js and npm.");
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install {packageSpec} exited with {npm.ExitCode}: {await output} {await error}");
        }
    }
}
