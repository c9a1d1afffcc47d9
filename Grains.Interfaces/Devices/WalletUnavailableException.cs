namespace FestivalPos.Grains.Interfaces.Devices;

/// <summary>Part of a batch could not reach its wallets; what was decided is kept and sending the batch again is safe.</summary>
[GenerateSerializer, Alias("FestivalPos.WalletUnavailableException")]
public sealed class WalletUnavailableException : Exception
{
    public WalletUnavailableException(string message)
        : base(message)
    {
    }
}
