using FestivalPos.ServiceDefaults.Management;

namespace FestivalPos.Gateway.Api.Hosting;

public static class GatewayHttps
{
    /// <summary>
    /// Kestrel serves the endpoints of Kestrel:Endpoints (https://127.0.0.1:7443 by default) with
    /// Kestrel:Certificates:Default when configured, otherwise with a self-signed certificate kept in Gateway:DataPath,
    /// and the management endpoint on Gateway:ManagementUrl (plain HTTP, loopback by default).
    /// </summary>
    public static WebApplicationBuilder AddGatewayHttps(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var gateway = context.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
            if (ManagementUrl.Parse(gateway.ManagementUrl) is { } management)
            {
                ManagementUrl.Listen(kestrel, management);
            }

            if (string.IsNullOrEmpty(context.Configuration["Kestrel:Certificates:Default:Path"]))
            {
                var path = Path.Combine(gateway.DataPath, SelfSignedCertificate.FileName);
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate ??= SelfSignedCertificate.LoadOrCreate(path, TimeProvider.System));
            }
        });
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return builder;
    }
}
