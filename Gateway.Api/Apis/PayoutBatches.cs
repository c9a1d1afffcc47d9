using System.Globalization;
using System.Text;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.Gateway.Api.Apis;

/// <summary>A payout batch as the API shows it: JSON, and the CSV the provider's payout tools import.</summary>
public static class PayoutBatches
{
    public const string CsvHeader = "payoutId,walletId,amount,fee,status,reason,name,iban,email";

    public static PayoutBatchResponse ToResponse(PayoutBatchView batch, PayoutDestination[] destinations)
    {
        var byPayout = destinations.ToDictionary(d => d.PayoutId, StringComparer.Ordinal);
        PayoutEntry Entry(PayoutLine line)
        {
            var destination = byPayout.GetValueOrDefault(line.PayoutId);
            return new PayoutEntry(line.PayoutId, line.WalletId, line.Paid, line.Fee, Status(line.Status), Reason(line),
                line.ConfirmedAt, destination?.Name, destination?.Iban, destination?.Email);
        }

        var entries = batch.Payouts.Select(Entry).ToArray();
        return new PayoutBatchResponse(batch.BatchId, batch.CreatedAt, entries.Sum(e => e.Amount), entries);
    }

    public static string ToCsv(PayoutBatchResponse batch)
    {
        var csv = new StringBuilder().Append(CsvHeader).Append("\r\n");
        foreach (var p in batch.Payouts)
        {
            string[] fields = [p.PayoutId, p.WalletId, p.Amount.ToString(CultureInfo.InvariantCulture), p.Fee.ToString(CultureInfo.InvariantCulture),
                p.Status, p.Reason ?? "", Text(p.Name), Text(p.Iban), Text(p.Email)];
            csv.AppendJoin(',', fields.Select(Quoted)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>Attendee-given text: a value a spreadsheet would run as a formula (=, +, -, @ first) gets an apostrophe in front.</summary>
    private static string Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Quoted(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static string Status(PayoutStatus status) => status switch
    {
        PayoutStatus.Pending => "pending",
        PayoutStatus.Confirmed => "confirmed",
        _ => "skipped",
    };

    private static string? Reason(PayoutLine line) => line.Status != PayoutStatus.Skipped ? null : line.Outcome switch
    {
        PayoutOutcome.Overdrawn => "overdrawn",
        PayoutOutcome.BalanceTooLow => "balanceTooLow",
        PayoutOutcome.WalletBlocked => "walletBlocked",
        PayoutOutcome.AlreadyPaidOut => "alreadyPaidOut",
        PayoutOutcome.NotRequested => "notRequested",
        _ => "walletNotFound",
    };
}
