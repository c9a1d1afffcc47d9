namespace FestivalPos.Storage.Cosmos;

/// <summary>What became of an append attempt that owns a reservation.</summary>
internal enum OwnerStatus
{
    /// <summary>Its append document is at its id, naming its attempt: its entries are bound for good.</summary>
    Committed = 0,

    /// <summary>It can never commit: another append took its id, or a void naming it did.</summary>
    Lost = 1,

    /// <summary>Nothing decides it yet: it may still commit.</summary>
    Pending = 2,
}
