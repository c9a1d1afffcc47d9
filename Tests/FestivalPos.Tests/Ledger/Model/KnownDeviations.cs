namespace FestivalPos.Tests.Ledger.Model;

/// <summary>
/// Step patterns on which the system answered otherwise than API.md says. The minimal cases of five are fixed and their
/// regression tests run (bad copies of charged seqs, conflicts at another wallet, stale wallet refusals, review of other
/// content, unknown wallets of decided seqs); the generator still avoids all of them, because wider variants of these
/// (a stale device calling a wallet directly with a seq bound elsewhere) still answer a credential or limit refusal
/// before the conflict. The others have skipped tests in <c>DeviceWalletModelRegressionTests</c>; the last is a point
/// API.md leaves open. The default run
/// steers the generator around them, so it stays a guard for everything else; <c>FESTIVALPOS_MODEL_ALLOW</c> lets
/// them through (<c>all</c>, or names separated by commas). Once one is fixed, drop it here and un-skip its test.
/// </summary>
[Flags]
public enum KnownDeviations
{
    None = 0,

    /// <summary>
    /// A badly signed copy of a seq that already moved money with the same content: approved online, or applied
    /// offline through another activation of the device.
    /// </summary>
    BadCopyOfChargedSeq = 1 << 0,

    /// <summary>An online repeat of a seq declined online and then refused offline.</summary>
    OnlineRepeatAfterOfflineRefusal = 1 << 1,

    /// <summary>A batch holding a changed or badly signed copy of a seq it also carries.</summary>
    CopiesWithinBatch = 1 << 2,

    /// <summary>A batch transaction naming another wallet than its seq's, which that wallet's own checks would refuse.</summary>
    ConflictAtAnotherWallet = 1 << 3,

    /// <summary>A batch copy of a seq a stale wallet activation approved, before the live activation has read it.</summary>
    StaleWalletOfflineRefusal = 1 << 4,

    /// <summary>Approving a held charge paid with another wallet's QR token, then paying with that token.</summary>
    TokenApprovedAtAnotherWallet = 1 << 5,

    /// <summary>Approving a held entry whose seq stands refused with other content.</summary>
    ReviewOfOtherContent = 1 << 6,

    /// <summary>A batch transaction for a wallet that does not exist, whose seq was answered 404 online with other content.</summary>
    UnknownWalletOfDecidedSeq = 1 << 7,

    /// <summary>An online charge for a wallet that does not exist, with a seq a stale device activation refused behind the live one's back.</summary>
    NotFoundOverStaleRefusal = 1 << 8,

    /// <summary>
    /// A good copy, for a wallet that does not exist, of a seq first refused offline with the same content for a bad
    /// signature or a revoked device. API.md both runs checks 1 to 4 first (unknownWallet) and has a later copy of a
    /// refused seq get the same answer; the system gives the first refusal again.
    /// </summary>
    RefusalRepeatedForUnknownWallet = 1 << 9,
}

/// <summary>How one seed is run: how many steps, and which patterns the generator steers around.</summary>
public sealed record ModelRunOptions(int MinSteps, int MaxSteps, KnownDeviations Avoid)
{
    public static readonly KnownDeviations All = Enum.GetValues<KnownDeviations>().Aggregate(KnownDeviations.None, (all, deviation) => all | deviation);

    public static readonly ModelRunOptions Default = new(MinSteps: 20, MaxSteps: 36, Avoid: All);

    public bool Avoids(KnownDeviations deviation) => (Avoid & deviation) != 0;
}
