using System.ComponentModel.DataAnnotations;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>The organizer console's session, live stream and fleet colours, bound from the Console section.</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    public const string SectionName = "Console";

    /// <summary>A session ends this long after its last request (sliding); an open page keeps it alive through its live stream.</summary>
    [Range(1, 12 * 60)]
    public int SessionMinutes { get; set; } = 20;

    /// <summary>How often each open page's live stream reads the projections.</summary>
    [Range(200, 60_000)]
    public int RefreshMilliseconds { get; set; } = 1000;

    /// <summary>Live streams this gateway serves at once; one more is answered 503.</summary>
    [Range(1, 10_000)]
    public int MaxLiveStreams { get; set; } = 64;

    /// <summary>The minutes of sales each stand's chart shows.</summary>
    [Range(5, 24 * 60)]
    public int SalesWindowMinutes { get; set; } = 60;

    /// <summary>Stands charted at once, highest sales in the window first; the others are counted only.</summary>
    [Range(1, 500)]
    public int MaxChartedStands { get; set; } = 24;

    /// <summary>Stands listed under "top stands".</summary>
    [Range(1, 100)]
    public int TopStands { get; set; } = 5;

    /// <summary>Items listed under "top items", most sold first, from the sales' lines.</summary>
    [Range(1, 100)]
    public int TopItems { get; set; } = 10;

    public FleetThresholds Fleet { get; set; } = new();

    /// <summary>Data annotations do not reach nested objects: the thresholds are checked here, attributes and order alike.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Fleet, new ValidationContext(Fleet), results, validateAllProperties: true);
        return results.Select(result => new ValidationResult($"Console:Fleet: {result.ErrorMessage}", result.MemberNames));
    }
}

/// <summary>
/// When a terminal's row turns amber or red. Lag: seqs above ackedThrough (sales the server has seen a later seq
/// of, but not every one before). Silence: time since the ledger last heard from the terminal, the age its backlog
/// grows to while it sells offline.
/// </summary>
public sealed class FleetThresholds : IValidatableObject
{
    [Range(1, long.MaxValue)]
    public long LagWarningSeqs { get; set; } = 10;

    [Range(1, long.MaxValue)]
    public long LagAlertSeqs { get; set; } = 100;

    [Range(1, 7 * 24 * 3600)]
    public int SilenceWarningSeconds { get; set; } = 300;

    [Range(1, 7 * 24 * 3600)]
    public int SilenceAlertSeconds { get; set; } = 900;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LagAlertSeqs < LagWarningSeqs)
        {
            yield return new ValidationResult("Console:Fleet:LagAlertSeqs must be at least LagWarningSeqs.", [nameof(LagAlertSeqs)]);
        }

        if (SilenceAlertSeconds < SilenceWarningSeconds)
        {
            yield return new ValidationResult("Console:Fleet:SilenceAlertSeconds must be at least SilenceWarningSeconds.", [nameof(SilenceAlertSeconds)]);
        }
    }
}
