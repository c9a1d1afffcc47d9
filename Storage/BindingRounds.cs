namespace FestivalPos.Storage;

/// <summary>
/// Splits a batch so that each part can be decided on what is stored alone (by one statement in
/// PostgreSQL, by appends side by side in Cosmos DB). A request goes one round after the latest earlier
/// request that binds one of its positions to a different value, so every such request has been decided,
/// and its entries written or not, when its round runs; no round holds two requests that bind a position
/// differently. Almost every batch is a single round.
/// </summary>
internal static class BindingRounds
{
    public static IReadOnlyList<IReadOnlyList<AppendRequest>> Split(IReadOnlyList<AppendRequest> batch)
    {
        var rounds = new List<List<AppendRequest>>();
        var bindings = new Dictionary<(string Key, long Position), Dictionary<string, int>>();
        foreach (var request in batch)
        {
            var round = RoundOf(request, bindings);
            foreach (var entry in request.Index)
            {
                var values = bindings.TryGetValue((entry.Key, entry.Position), out var known)
                    ? known
                    : bindings[(entry.Key, entry.Position)] = new Dictionary<string, int>(StringComparer.Ordinal);
                values[entry.Value] = Math.Max(round, values.GetValueOrDefault(entry.Value));
            }

            while (rounds.Count <= round)
            {
                rounds.Add([]);
            }

            rounds[round].Add(request);
        }

        return rounds;
    }

    /// <summary>One after the latest round of an earlier request binding one of these positions differently, else 0.</summary>
    private static int RoundOf(AppendRequest request, Dictionary<(string Key, long Position), Dictionary<string, int>> bindings)
    {
        var round = 0;
        foreach (var entry in request.Index)
        {
            if (!bindings.TryGetValue((entry.Key, entry.Position), out var values))
            {
                continue;
            }

            foreach (var (value, earlierRound) in values)
            {
                if (!string.Equals(value, entry.Value, StringComparison.Ordinal))
                {
                    round = Math.Max(round, earlierRound + 1);
                }
            }
        }

        return round;
    }
}
