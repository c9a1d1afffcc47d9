using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;

namespace FestivalPos.Grains.Reports;

/// <summary>
/// The money at stake: the sum of positive balances (what attendees hold), the wallets below zero and by how much
/// (offline sales beyond the balance), and the refused transactions still waiting for a review decision.
/// </summary>
public sealed class ExposureProjection : FeedProjection
{
    private readonly Dictionary<string, long> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _openReviews = new(StringComparer.Ordinal);
    private readonly HashSet<string> _decidedReviews = new(StringComparer.Ordinal);
    private long _outstanding;
    private long _overdrawnWallets;
    private long _overdrawnAmount;
    private long _reviewOpenAmount;

    public ExposureReport Report() =>
        new(_outstanding, _overdrawnWallets, _overdrawnAmount, _openReviews.Count, _reviewOpenAmount, Position);

    protected override void Apply(LedgerFact fact)
    {
        switch (fact)
        {
            case ChargeFact charge:
                SetBalance(charge.WalletId, charge.BalanceAfter);
                break;
            case CreditFact credit:
                SetBalance(credit.WalletId, credit.BalanceAfter);
                break;
            case PayoutFact payout:
                SetBalance(payout.WalletId, payout.BalanceAfter);
                break;
            case ReviewHeldFact held when !_openReviews.ContainsKey(held.ReviewId) && !_decidedReviews.Contains(held.ReviewId):
                _openReviews[held.ReviewId] = held.Amount;
                _reviewOpenAmount += held.Amount;
                break;
            case ReviewDecidedFact { Status: ReviewStatus.Approved or ReviewStatus.Dismissed } decided when _decidedReviews.Add(decided.ReviewId):
                if (_openReviews.Remove(decided.ReviewId, out var amount))
                {
                    _reviewOpenAmount -= amount;
                }

                break;
        }
    }

    /// <summary>Moves the totals from the wallet's balance before to the one after.</summary>
    private void SetBalance(string walletId, long balance)
    {
        Count(_balances.GetValueOrDefault(walletId), sign: -1);
        _balances[walletId] = balance;
        Count(balance, sign: 1);
    }

    private void Count(long balance, int sign)
    {
        if (balance > 0)
        {
            _outstanding += sign * balance;
        }
        else if (balance < 0)
        {
            _overdrawnWallets += sign;
            _overdrawnAmount -= sign * balance;
        }
    }
}
