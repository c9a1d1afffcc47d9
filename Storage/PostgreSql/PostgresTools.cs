namespace FestivalPos.Storage.PostgreSql;

/// <summary>Finds a PostgreSQL client tool: in POSTGRES_BIN, else in the newest Debian install holding it, else on PATH.</summary>
public static class PostgresTools
{
    private const string DebianInstallFolder = "/usr/lib/postgresql";

    public static string Find(string tool)
    {
        var configured = Environment.GetEnvironmentVariable("POSTGRES_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return Path.Combine(configured, tool);
        }

        var installed = Directory.Exists(DebianInstallFolder)
            ? Directory.GetDirectories(DebianInstallFolder)
                .Select(version => Path.Combine(version, "bin", tool))
                .Where(File.Exists)
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return installed ?? tool;
    }
}
