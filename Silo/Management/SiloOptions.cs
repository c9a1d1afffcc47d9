namespace FestivalPos.Silo.Management;

/// <summary>The silo's own settings, bound from the Silo configuration section.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Silo";

    /// <summary>
    /// Where the silo serves its health probes and metrics (plain HTTP): loopback by default; http://0.0.0.0:9465 in a
    /// container, where the platform's probes and scrapers come from outside. Two silos on one machine need two ports.
    /// </summary>
    public string ManagementUrl { get; set; } = "http://127.0.0.1:9465";

    /// <summary>Every problem with these options, in words an operator can act on.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ManagementUrl))
        {
            yield return "Silo:ManagementUrl is required: the silo's health probes and metrics are served there (such as http://127.0.0.1:9465).";
        }
        else if (ServiceDefaults.Management.ManagementUrl.Problem(ManagementUrl, "Silo:ManagementUrl") is { } problem)
        {
            yield return problem;
        }
    }
}
