using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Gateway.Api.Console.Live;

/// <summary>A terminal's colour: the worse of its lag (seqs above ackedThrough) and its silence, by <see cref="FleetThresholds"/>.</summary>
public static class FleetLevels
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Alert = "alert";

    public static long LagOf(DeviceHealth device) => device.HighestSeq - device.AckedThrough;

    public static string Of(DeviceHealth device, FleetThresholds thresholds, DateTimeOffset now)
    {
        if (device.Revoked)
        {
            return Ok;
        }

        var lag = LagOf(device);
        var silence = device.LastSeenAt is { } seen ? now - seen : TimeSpan.Zero;
        if (lag >= thresholds.LagAlertSeqs || silence >= TimeSpan.FromSeconds(thresholds.SilenceAlertSeconds))
        {
            return Alert;
        }

        return lag >= thresholds.LagWarningSeqs || silence >= TimeSpan.FromSeconds(thresholds.SilenceWarningSeconds) ? Warning : Ok;
    }
}
