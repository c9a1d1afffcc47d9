using FestivalPos.PosApp.Gateway;
using FestivalPos.Wire;

namespace FestivalPos.PosApp.Sync;

/// <summary>How the sync answers a batch the gateway found too large.</summary>
public static class BatchSizing
{
    /// <summary>The <c>errors</c> field of the pre-1.1 gateway's validation answer to an oversized batch.</summary>
    public const string TransactionsField = "transactions";

    /// <summary>
    /// The size to send next after the gateway refused a batch of <paramref name="sent"/> transactions, or null when the
    /// refusal was not about the batch's size (or the batch cannot shrink). The gateway says so with a 400 whose type is
    /// <see cref="ProblemTypes.BatchTooLarge"/>, naming how many fit in <c>maxBatchSize</c>, or (before API 1.1) with a 400
    /// whose <c>errors</c> name the <c>transactions</c> field. The named size is used when it is smaller; otherwise the batch is halved.
    /// </summary>
    public static int? NextSize(int status, GatewayProblem? problem, int sent)
    {
        var tooLarge = status == 400 && problem is not null
            && (problem.Type == ProblemTypes.BatchTooLarge || problem.ErrorFields.Contains(TransactionsField, StringComparer.Ordinal));
        if (!tooLarge || sent <= 1)
        {
            return null;
        }

        return problem!.MaxBatchSize is { } fits && fits >= 1 && fits < sent ? (int)fits : Math.Max(1, sent / 2);
    }
}
