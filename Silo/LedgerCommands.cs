using FestivalPos.Silo.Keys;
using FestivalPos.Storage;
using Microsoft.Extensions.Hosting;

namespace FestivalPos.Silo;

/// <summary>The commands that work on the ledger the silo is configured for, without running a silo.</summary>
public static class LedgerCommands
{
    public static readonly string[] Names = [VerifyLedgerCommand.Name, CopyLedgerCommand.Name, BackupLedgerCommand.Name, RestoreLedgerCommand.Name, StartLedgerEpochCommand.Name];

    /// <summary>
    /// A plain host (no silo, no management endpoint) over the configured Ledger:Storage and Keys settings:
    /// what every ledger command opens.
    /// </summary>
    public static HostApplicationBuilder Builder(string[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.AddMasterKey();
        builder.Services.AddLedgerStorage(builder.Configuration);
        return builder;
    }

    /// <summary>Runs the named command and answers its exit code.</summary>
    public static Task<int> RunAsync(string name, string[] settings, TextWriter output)
    {
        var builder = Builder(settings);
        return name switch
        {
            VerifyLedgerCommand.Name => VerifyLedgerCommand.RunAsync(builder, output),
            CopyLedgerCommand.Name => CopyLedgerCommand.RunAsync(builder, output),
            BackupLedgerCommand.Name => BackupLedgerCommand.RunAsync(builder, output),
            RestoreLedgerCommand.Name => RestoreLedgerCommand.RunAsync(builder, output),
            StartLedgerEpochCommand.Name => StartLedgerEpochCommand.RunAsync(builder, output),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a ledger command."),
        };
    }
}
