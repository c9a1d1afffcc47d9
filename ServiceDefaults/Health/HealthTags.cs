namespace FestivalPos.ServiceDefaults.Health;

/// <summary>The probe a health check answers for: a check carries the tag of every probe it counts in.</summary>
public static class HealthTags
{
    /// <summary>The process has finished starting (/health/startup).</summary>
    public const string Startup = "startup";

    /// <summary>The process can do its work now (/health/ready): traffic and cluster membership depend on it.</summary>
    public const string Ready = "ready";

    /// <summary>The process should be kept running (/health/live): a failing one is restarted, so only the process itself counts.</summary>
    public const string Live = "live";
}
