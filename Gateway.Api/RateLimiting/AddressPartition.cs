using System.Net;
using System.Net.Sockets;

namespace FestivalPos.Gateway.Api.RateLimiting;

/// <summary>
/// The unit an address-based limit counts: an IPv4 address, or an IPv6 /64. One IPv6 subscriber (a home,
/// a phone, a rented server) gets a whole /64 and can use a fresh address for every request.
/// </summary>
public static class AddressPartition
{
    public const int Ipv6PrefixBytes = 8;

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, Ipv6PrefixBytes, bytes.Length - Ipv6PrefixBytes);
        return $"{new IPAddress(bytes)}/{Ipv6PrefixBytes * 8}";
    }
}
