using FestivalPos.Grains.EventSourcing;

namespace FestivalPos.Silo;

/// <summary>How the ledger commands name what the verifier found broken.</summary>
internal static class LedgerReport
{
    public static async Task WriteBrokenAsync(TextWriter output, LedgerVerification verification)
    {
        foreach (var broken in verification.Broken)
        {
            await output.WriteLineAsync($"BROKEN {broken.StreamId} at version {broken.Version}: {broken.Problem}");
        }
    }
}
