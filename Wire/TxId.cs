namespace FestivalPos.Wire;

/// <summary>A charge's id on the wire and in the ledger: <c>{deviceId}:{seq}</c>.</summary>
public static class TxId
{
    public static string Format(string deviceId, long seq) => $"{deviceId}:{seq}";

    /// <summary>Splits a txId (or a reviewId, which has the same form) at its last colon.</summary>
    public static bool TryParse(string? value, out string deviceId, out long seq)
    {
        deviceId = "";
        seq = 0;
        var colon = value?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || !long.TryParse(value.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seq) || seq < 1)
        {
            return false;
        }

        deviceId = value![..colon];
        return true;
    }
}
