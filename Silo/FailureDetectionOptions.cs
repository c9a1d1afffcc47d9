using Orleans.Configuration;

namespace FestivalPos.Silo;

/// <summary>
/// How fast the silos find a dead one (Cluster:FailureDetection), Orleans' <see cref="ClusterMembershipOptions"/>
/// tuned so a killed silo's grains move within about a second and a half; README "Failover" says why these values.
/// </summary>
public sealed class FailureDetectionOptions
{
    /// <summary>
    /// Orleans' probe timeout: probes go out every half of it to four times it, adapting to the measured round trip
    /// (Orleans' default is 5000: a killed silo is found after 6 to 8 s).
    /// </summary>
    public int ProbeTimeoutMs { get; set; } = 1000;

    /// <summary>Probes in a row a silo must miss before its prober votes it dead (Orleans' default is 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;

    /// <summary>Votes that declare a silo dead; a cluster of two needs one (Orleans takes the lower of this and half the silos).</summary>
    public int VotesForDeath { get; set; } = 2;

    public IEnumerable<string> Problems()
    {
        if (ProbeTimeoutMs is < 200 or > 60_000)
        {
            yield return $"Cluster:FailureDetection:ProbeTimeoutMs {ProbeTimeoutMs} must be 200 to 60000.";
        }

        if (MissedProbesLimit is < 1 or > 10)
        {
            yield return $"Cluster:FailureDetection:MissedProbesLimit {MissedProbesLimit} must be 1 to 10.";
        }

        if (VotesForDeath is < 1 or > 10)
        {
            yield return $"Cluster:FailureDetection:VotesForDeath {VotesForDeath} must be 1 to 10.";
        }
    }

    public void ApplyTo(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromMilliseconds(ProbeTimeoutMs);
        membership.NumMissedProbesLimit = MissedProbesLimit;
        membership.NumVotesForDeathDeclaration = VotesForDeath;
        // What keeps a short probe timeout from killing a silo that only paused (a long GC, a starved CPU): its
        // connection still carries messages, so the prober's vote waits (Orleans' defaults, stated because they matter).
        membership.EnableConnectionLivenessCheck = true;
        membership.ExtendProbeTimeoutDuringDegradation = true;
    }
}
