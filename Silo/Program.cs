using FestivalPos.ServiceDefaults;
using FestivalPos.Silo;
using FestivalPos.Silo.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// appsettings.json ships beside the binary; the data folder is relative to the working directory.
string[] ledgerCommands = [VerifyLedgerCommand.Name, CopyLedgerCommand.Name, BackupLedgerCommand.Name, RestoreLedgerCommand.Name];
var ledgerCommand = args.FirstOrDefault(ledgerCommands.Contains);
string[] settings = [.. args.Where(argument => !ledgerCommands.Contains(argument))];
if (ledgerCommand is not null)
{
    // The ledger commands run on a plain host: no silo, no management endpoint.
    var command = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
    return ledgerCommand switch
    {
        VerifyLedgerCommand.Name => await VerifyLedgerCommand.RunAsync(command, Console.Out),
        CopyLedgerCommand.Name => await CopyLedgerCommand.RunAsync(command, Console.Out),
        BackupLedgerCommand.Name => await BackupLedgerCommand.RunAsync(command, Console.Out),
        _ => await RestoreLedgerCommand.RunAsync(command, Console.Out),
    };
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = settings, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddFestivalPosSilo();
builder.AddSiloManagementEndpoint();

var app = builder.Build();
app.MapSiloManagementEndpoints();
await app.RunAsync();
return 0;

/// <summary>The entry point stays internal (ASP.NET Core would make it public): the tests reach the gateway's, not this one.</summary>
internal partial class Program;
