using FestivalPos.Silo;
using Microsoft.Extensions.Hosting;

// appsettings.json ships beside the binary; the data folder is relative to the working directory.
var verifyLedger = args.Contains(VerifyLedgerCommand.Name);
var copyLedger = args.Contains(CopyLedgerCommand.Name);
string[] settings = [.. args.Where(argument => argument is not (VerifyLedgerCommand.Name or CopyLedgerCommand.Name))];
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
if (verifyLedger)
{
    return await VerifyLedgerCommand.RunAsync(builder, Console.Out);
}

if (copyLedger)
{
    return await CopyLedgerCommand.RunAsync(builder, Console.Out);
}

builder.AddFestivalPosSilo();
await builder.Build().RunAsync();
return 0;
