using FestivalPos.Silo;
using Microsoft.Extensions.Hosting;

// appsettings.json ships beside the binary; the data folder is relative to the working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddFestivalPosSilo();
await builder.Build().RunAsync();
