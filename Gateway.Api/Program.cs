using FestivalPos.Gateway.Api.Areas.Attendee;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using FestivalPos.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServiceDefaults();
builder.AddGatewayOrleansClient();
builder.AddGatewayAuthentication();
builder.AddGatewayConsole();
builder.AddAttendeePages();
builder.AddGatewayRateLimiting();
builder.AddGatewayHttps();
builder.AddGatewayForwardedHeaders();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapGatewayEndpoints();
app.Run();

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
