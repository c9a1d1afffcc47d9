using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace FestivalPos.ServiceDefaults.Management;

/// <summary>
/// The address of a host's management endpoint (plain HTTP: health, metrics): http://ADDRESS:PORT with an IP address
/// (0.0.0.0 or [::] for every interface) or localhost (loopback).
/// </summary>
public static partial class ManagementUrl
{
    /// <summary>The address <paramref name="value"/> names, or null when it is empty or not a management URL.</summary>
    public static Uri? Parse(string? value) =>
        !string.IsNullOrWhiteSpace(value) && IsValid(value) ? new Uri(value, UriKind.Absolute) : null;

    /// <summary>Makes Kestrel listen on <paramref name="url"/>.</summary>
    public static void Listen(KestrelServerOptions kestrel, Uri url)
    {
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, url.Port);
        }
        else
        {
            kestrel.ListenLocalhost(url.Port);
        }
    }

    /// <summary>What is wrong with a non-empty <paramref name="value"/> of the setting <paramref name="key"/>, or null.</summary>
    public static string? Problem(string value, string key) =>
        IsValid(value) ? null : $"{key} '{value}' must be http://ADDRESS:PORT with an IP address or localhost (such as http://127.0.0.1:9464).";

    private static bool IsValid(string value) =>
        UrlPattern().IsMatch(value) && Uri.TryCreate(value, UriKind.Absolute, out var url)
        && (url.Host == "localhost" || IPAddress.TryParse(url.Host.Trim('[', ']'), out _));

    [GeneratedRegex(@"^http://[^/?#]+:[0-9]{1,5}/?$", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
