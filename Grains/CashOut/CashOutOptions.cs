namespace FestivalPos.Grains.CashOut;

/// <summary>
/// <c>CashOut:Fee</c> (minor units the organizer keeps from each payout), <c>CashOut:OpensAt</c> and
/// <c>CashOut:Deadline</c> (UTC; requests outside are refused; unset, that side is open), and
/// <c>CashOut:MaxBatchSize</c> (wallets one payout batch takes at most; the rest wait for the next batch).
/// </summary>
public sealed class CashOutOptions
{
    public const string SectionName = "CashOut";

    public long Fee { get; set; }

    public DateTimeOffset? OpensAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    public int MaxBatchSize { get; set; } = 1000;

    public bool IsValid => Fee is >= 0 and <= Interfaces.LedgerLimits.MaxAmount && MaxBatchSize is >= 1 and <= 10_000 && !(OpensAt >= Deadline);
}
