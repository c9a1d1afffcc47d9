using FestivalPos.Silo;
using Microsoft.Extensions.Hosting;

// appsettings.json ships beside the binary; the data folder is relative to the working directory.
var commandArguments = args is [VerifyLedgerCommand.Name, .. var rest] ? rest : null;
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = commandArguments ?? args, ContentRootPath = AppContext.BaseDirectory });
if (commandArguments is not null)
{
    return await VerifyLedgerCommand.RunAsync(builder, Console.Out);
}

builder.AddFestivalPosSilo();
await builder.Build().RunAsync();
return 0;
