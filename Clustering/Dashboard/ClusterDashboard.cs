using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace FestivalPos.Clustering.Dashboard;

/// <summary>
/// The Orleans Dashboard: its silo part on every silo (cluster statistics, grain method profiling) and its web part
/// on the gateway, which serves it to operators only. Dashboard:Enabled (default true) turns both off; silos and
/// gateways of one cluster have the same value. The live log stream is off (HideTrace): logs name wallets and devices.
/// </summary>
public static class ClusterDashboard
{
    public const string EnabledKey = "Dashboard:Enabled";

    /// <summary>Whether Dashboard:Enabled is on; a value that is not true or false stops the start, naming the key.</summary>
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(EnabledKey, defaultValue: true);

    public static ISiloBuilder AddClusterDashboard(this ISiloBuilder silo) => silo.AddDashboard(Configure);

    public static IClientBuilder AddClusterDashboard(this IClientBuilder client) => client.AddDashboard(Configure);

    private static void Configure(DashboardOptions options) => options.HideTrace = true;
}
