using FestivalPos.ServiceDefaults;
using FestivalPos.Silo;
using FestivalPos.Silo.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// appsettings.json ships beside the binary; the data folder is relative to the working directory.
var ledgerCommand = args.FirstOrDefault(LedgerCommands.Names.Contains);
string[] settings = [.. args.Where(argument => !LedgerCommands.Names.Contains(argument))];
if (ledgerCommand is not null)
{
    return await LedgerCommands.RunAsync(ledgerCommand, settings, Console.Out);
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
