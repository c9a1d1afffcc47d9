using FestivalPos.PosApp.Selling;

namespace FestivalPos.PosApp.Screen;

/// <summary>
/// Whether the gateway answered the terminal's last call, for the screen's online/offline indicator: a sync pass that went
/// through or a charge the gateway answered says online; a pass cut short or a sale that fell back offline says offline.
/// </summary>
public sealed class Connectivity
{
    private volatile bool _online;

    public Connectivity(Terminal terminal)
    {
        terminal.Cashier.GatewayAnswered += () => _online = true;
        terminal.Sync.PassEnded += report => _online = report.Complete;
    }

    public bool Online => _online;

    /// <summary>A sale the cashier rang up online and that ended offline or unanswered means the gateway did not answer it.</summary>
    public void Saw(SaleResult sale)
    {
        if (sale.Verdict == SaleVerdict.Unconfirmed || sale.Mode == Store.SaleModes.Offline)
        {
            _online = false;
        }
    }
}
