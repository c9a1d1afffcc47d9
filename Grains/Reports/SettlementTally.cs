using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Reports;

/// <summary>Running sums of one stand's hour, or of a report's row: the parts of <see cref="SettlementFigures"/>.</summary>
public sealed class SettlementTally
{
    private readonly SortedDictionary<int, long> _grossByVat = [];

    public long Charges { get; private set; }

    public long GrossSales { get; private set; }

    public long Refunds { get; set; }

    public long ItemSales { get; private set; }

    public long Deposits { get; private set; }

    public long Tips { get; private set; }

    public long Unitemized { get; private set; }

    public long UnknownVatItems { get; private set; }

    public long OfflineSales { get; private set; }

    public long ReviewOpenAmount { get; set; }

    /// <summary>Counts a charge, split by its lines; <paramref name="vatOf"/> gives an item's VAT rate, or null for an item the catalog does not hold.</summary>
    public void AddCharge(ChargeFact charge, Func<string, int?> vatOf)
    {
        Charges++;
        GrossSales += charge.Amount;
        OfflineSales += charge.Offline ? charge.Amount : 0;
        if (charge.Lines is not { } lines)
        {
            Unitemized += charge.Amount;
            return;
        }

        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case LineKind.Deposit:
                    Deposits += line.Total;
                    break;
                case LineKind.Tip:
                    Tips += line.Total;
                    break;
                default:
                    ItemSales += line.Total;
                    if (vatOf(line.ItemId!) is { } vat)
                    {
                        _grossByVat[vat] = _grossByVat.GetValueOrDefault(vat) + line.Total;
                    }
                    else
                    {
                        UnknownVatItems += line.Total;
                    }

                    break;
            }
        }
    }

    /// <summary>Adds another tally's sales and refunds (not its review amount, which is a state, not a sum over time).</summary>
    public void Add(SettlementTally other)
    {
        Charges += other.Charges;
        GrossSales += other.GrossSales;
        Refunds += other.Refunds;
        ItemSales += other.ItemSales;
        Deposits += other.Deposits;
        Tips += other.Tips;
        Unitemized += other.Unitemized;
        UnknownVatItems += other.UnknownVatItems;
        OfflineSales += other.OfflineSales;
        foreach (var (vat, gross) in other._grossByVat)
        {
            _grossByVat[vat] = _grossByVat.GetValueOrDefault(vat) + gross;
        }
    }

    /// <summary>The figures, with the VAT in each rate's gross rounded half away from zero once, on the rate's total.</summary>
    public SettlementFigures ToFigures() => new(
        Charges, GrossSales, Refunds, GrossSales - Refunds, ItemSales, Deposits, Tips, Unitemized, UnknownVatItems,
        [.. _grossByVat.Select(rate => new VatBucket(rate.Key, rate.Value, VatIn(rate.Value, rate.Key)))],
        OfflineSales, ReviewOpenAmount);

    /// <summary>The VAT included in <paramref name="gross"/> at <paramref name="basisPoints"/>: gross × rate / (1 + rate).</summary>
    public static long VatIn(long gross, int basisPoints) =>
        (long)Math.Round(gross * (decimal)basisPoints / (10_000 + basisPoints), MidpointRounding.AwayFromZero);
}
