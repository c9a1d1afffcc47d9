using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// Gives every request the local port a socket would have: the port of the address it was sent to
/// (the test server has no sockets and leaves it 0). A client whose base address is the management
/// URL so reaches the gateway's management endpoint, as it would over TCP.
/// </summary>
public sealed class LocalPortStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.LocalPort = context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80);
            return nextMiddleware(context);
        });
        next(app);
    };
}
