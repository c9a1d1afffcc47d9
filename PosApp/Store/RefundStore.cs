using System.Globalization;

namespace FestivalPos.PosApp.Store;

/// <summary>A refund this terminal asked for: <c>pending</c> until the server answered it, then <c>applied</c>.</summary>
public sealed record Refund(string RefundId, long Seq, long Amount, string State)
{
    public const string Pending = "pending";
    public const string Applied = "applied";
}

/// <summary>
/// The refunds of this terminal's sales. A refund is written before it is sent, so that one whose answer was lost is
/// asked again under the same refundId (the server answers <c>duplicate</c> if it had applied it) rather than twice.
/// </summary>
public sealed class RefundStore(StoreDatabase database, string deviceId)
{
    /// <summary>
    /// The refund to send for <paramref name="seq"/>: the one still unanswered, or one with <paramref name="refundId"/> already
    /// written, or a new one of <paramref name="amount"/> (null: what is left of <paramref name="saleAmount"/>) with the given
    /// id or one derived from the device, <paramref name="seq"/> and how many refunds the sale had (<see cref="DerivedId"/>).
    /// </summary>
    public Task<Refund> BeginAsync(long seq, long saleAmount, long? amount, string? refundId) => database.WriteAsync((connection, transaction) =>
    {
        var earlier = connection.Query(transaction, "SELECT refund_id, seq, amount, state FROM refund WHERE seq = $seq ORDER BY rowid",
            r => new Refund(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3)), ("$seq", seq));
        if ((refundId is null ? earlier.FirstOrDefault(r => r.State == Refund.Pending) : earlier.FirstOrDefault(r => r.RefundId == refundId)) is { } again)
        {
            return amount is null || amount == again.Amount ? again
                : throw new PosException(ExitCodes.BadInput, $"Refund {again.RefundId} of {again.Amount} for seq {seq} is not answered yet: run the same refund again first.");
        }

        // Another id while one is unanswered: that one may have been applied, so a second could give the same money back twice.
        if (earlier.FirstOrDefault(r => r.State == Refund.Pending) is { } unanswered)
        {
            throw new PosException(ExitCodes.BadInput, $"Refund {unanswered.RefundId} of {unanswered.Amount} for seq {seq} is not answered yet: run the same refund again first.");
        }

        var left = saleAmount - earlier.Sum(r => r.Amount);
        var refund = new Refund(refundId ?? DerivedId(seq, earlier.Count + 1), seq, amount ?? left, Refund.Pending);
        if (refund.Amount <= 0 || refund.Amount > left)
        {
            throw new PosException(ExitCodes.BadInput, $"Seq {seq} has {left} left to refund; {refund.Amount} was asked.");
        }

        connection.Run(transaction, "INSERT INTO refund (refund_id, seq, amount, state) VALUES ($id, $seq, $amount, $state)",
            ("$id", refund.RefundId), ("$seq", seq), ("$amount", refund.Amount), ("$state", refund.State));
        return refund;
    });

    /// <summary>What was refunded (or is being asked) of each of <paramref name="seqs"/> that had a refund.</summary>
    public Task<Dictionary<long, long>> RefundedAsync(IReadOnlyCollection<long> seqs) => seqs.Count == 0 ? Task.FromResult(new Dictionary<long, long>()) : database.ReadAsync(connection =>
        connection.Query(null, $"SELECT seq, SUM(amount) FROM refund WHERE seq IN ({string.Join(',', seqs.Select(seq => seq.ToString(CultureInfo.InvariantCulture)))}) GROUP BY seq",
            r => (Seq: r.GetInt64(0), Amount: r.GetInt64(1))).ToDictionary(r => r.Seq, r => r.Amount));

    /// <summary><c>{deviceId}-{seq}-r{n}</c>, or a digest of it where a long device id would make it longer than an id may be.</summary>
    private string DerivedId(long seq, int n)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"{deviceId}-{seq}-r{n}");
        return id.Length <= Wire.Identifiers.MaxLength ? id
            : $"r-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..40]}";
    }

    /// <summary>The server applied the refund (or had already).</summary>
    public Task AppliedAsync(Refund refund) => database.WriteAsync((connection, transaction) =>
        connection.Run(transaction, "UPDATE refund SET state = $state WHERE refund_id = $id", ("$state", Refund.Applied), ("$id", refund.RefundId)));

    /// <summary>The server refused the refund: it claimed no id, so it is forgotten (and may be corrected and asked again).</summary>
    public Task ForgetAsync(Refund refund) => database.WriteAsync((connection, transaction) =>
        connection.Run(transaction, "DELETE FROM refund WHERE refund_id = $id", ("$id", refund.RefundId)));
}
