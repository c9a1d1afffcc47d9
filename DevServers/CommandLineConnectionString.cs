using Npgsql;

namespace FestivalPos.DevServers;

/// <summary>
/// A PostgreSQL connection string given to a benchmark on its command line, which every user of the machine can read
/// (<c>ps</c>): it may not hold a password, which Npgsql reads from <c>~/.pgpass</c> (or the file <c>PGPASSFILE</c> names) instead.
/// </summary>
public static class CommandLineConnectionString
{
    public static string WithoutPassword(string option, string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Password is { Length: > 0 }
            ? throw new ArgumentException($"{option} holds a password, which every user of this machine would see (ps): put it in ~/.pgpass (chmod 600) or the file PGPASSFILE names.")
            : connectionString;
}
