namespace FestivalPos.Grains.Wallets;

/// <summary>
/// <c>Refunds:DeviceWindowSeconds</c>: how long after a charge the terminal that sold it may refund it (a wrong item,
/// a spilled drink). Later, or for another terminal's sale, an organizer refunds it.
/// </summary>
public sealed class RefundOptions
{
    public const string SectionName = "Refunds";

    public int DeviceWindowSeconds { get; set; } = 900;

    public TimeSpan DeviceWindow => TimeSpan.FromSeconds(DeviceWindowSeconds);

    public bool IsValid => DeviceWindowSeconds > 0;
}
