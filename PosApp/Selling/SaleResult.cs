using System.Globalization;

namespace FestivalPos.PosApp.Selling;

/// <summary>A sale as the cashier rings it up; <c>SaleKey</c>, the client's id for it, is stored with it.</summary>
public sealed record SaleRequest(string? WalletId, Credential Credential, long Amount, string Items, IReadOnlyList<SaleLine>? Lines = null, string? SaleKey = null);

public enum SaleVerdict
{
    /// <summary>Hand over the goods: the server approved it, or it is signed and queued within the offline allowance.</summary>
    Approved,

    /// <summary>Do not hand over the goods; nothing is or will be charged.</summary>
    Declined,

    /// <summary>Sent but unanswered, and not sellable offline: the sync settles it under the same seq; do not hand over the goods yet.</summary>
    Unconfirmed,
}

/// <summary>What the cashier is told.</summary>
public sealed record SaleResult(SaleVerdict Verdict, long? Seq, string? Mode, string? WalletId, long Amount, string? Reason, long? Balance)
{
    public override string ToString()
    {
        var parts = new List<string> { Verdict.ToString().ToLowerInvariant() };
        void Add(string name, object? value)
        {
            if (value is not null)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
            }
        }

        Add("seq", Seq);
        Add("mode", Mode);
        Add("wallet", WalletId);
        Add("amount", Amount);
        Add("reason", Reason);
        Add("balance", Balance);
        return string.Join(' ', parts);
    }
}
