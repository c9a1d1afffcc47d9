namespace FestivalPos.PosApp.Store;

/// <summary>
/// How long a settled sale stays in the outbox after the server's cursor passed it, so that it can be sent again if
/// the ledger is restored from a backup taken before it (README, Backups and restore). <c>POSAPP_RETENTION_HOURS</c> sets it.
/// </summary>
public static class Retention
{
    public const string Variable = "POSAPP_RETENTION_HOURS";
    public const int MaxHours = 24 * 30;

    public static readonly TimeSpan Default = TimeSpan.FromHours(24);

    public static TimeSpan FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Whole hours from 0 (trim as soon as the cursor passes) to <see cref="MaxHours"/>; the default when not set.</summary>
    public static TimeSpan Parse(string? hours)
    {
        if (string.IsNullOrWhiteSpace(hours))
        {
            return Default;
        }

        return int.TryParse(hours, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= MaxHours
            ? TimeSpan.FromHours(value)
            : throw new PosException(ExitCodes.Config, $"{Variable} must be a whole number of hours from 0 to {MaxHours}, not '{hours}'.");
    }
}
