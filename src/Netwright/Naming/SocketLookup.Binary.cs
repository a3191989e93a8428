using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netwright.Naming;

public static partial class SocketLookup
{
    /// <summary>Converts an address from text to its packed network-order bytes, like Python's <c>socket.inet_pton</c>.</summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> (4 bytes) or <see cref="AddressFamily.InterNetworkV6"/> (16 bytes).</param>
    /// <param name="text">Strict dotted-quad IPv4 (<c>192.0.2.1</c>, no short forms or leading zeros) or IPv6 text without brackets or zone.</param>
    /// <returns>A new array of 4 or 16 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="family"/> is neither IPv4 nor IPv6.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not an address of that family (Python: <c>OSError: illegal IP address string</c>).</exception>
    public static byte[] InetPton(AddressFamily family, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (family)
        {
            case AddressFamily.InterNetwork:
                return TryParseDottedQuad(text, out var v4)
                    ? v4
                    : throw new FormatException($"'{text}' is not an IPv4 address (expected four numbers 0-255, such as 192.0.2.1)");
            case AddressFamily.InterNetworkV6:
                return text.Contains(':', StringComparison.Ordinal)
                    && !text.Contains('%', StringComparison.Ordinal)
                    && !text.Contains('[', StringComparison.Ordinal)
                    && IPAddress.TryParse(text, out var v6)
                    && v6.AddressFamily == AddressFamily.InterNetworkV6
                    ? v6.GetAddressBytes()
                    : throw new FormatException($"'{text}' is not an IPv6 address (expected text such as 2001:db8::1)");
            default:
                throw new ArgumentException($"inet_pton supports InterNetwork and InterNetworkV6, not {family}.", nameof(family));
        }
    }

    /// <summary>Converts packed network-order address bytes to text, like Python's <c>socket.inet_ntop</c>.</summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    /// <param name="packed">Exactly 4 bytes for IPv4 or 16 for IPv6.</param>
    /// <returns>The dotted-quad or RFC 5952 IPv6 text.</returns>
    /// <exception cref="ArgumentException">The family is unsupported or the length does not match it (Python: <c>ValueError</c>).</exception>
    public static string InetNtop(AddressFamily family, ReadOnlySpan<byte> packed)
    {
        var expected = family switch
        {
            AddressFamily.InterNetwork => 4,
            AddressFamily.InterNetworkV6 => 16,
            _ => throw new ArgumentException($"inet_ntop supports InterNetwork and InterNetworkV6, not {family}.", nameof(family)),
        };
        return packed.Length == expected
            ? new IPAddress(packed).ToString()
            : throw new ArgumentException($"{family} addresses are {expected} bytes, not {packed.Length}.", nameof(packed));
    }

    /// <summary>Converts a 16-bit value from host to network byte order, like Python's <c>socket.htons</c>.</summary>
    /// <param name="value">The value in host order.</param>
    /// <returns>The value in big-endian (network) order.</returns>
    public static ushort HostToNetwork(ushort value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Converts a 32-bit value from host to network byte order, like Python's <c>socket.htonl</c>.</summary>
    /// <param name="value">The value in host order.</param>
    /// <returns>The value in big-endian (network) order.</returns>
    public static uint HostToNetwork(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Converts a 64-bit value from host to network byte order.</summary>
    /// <param name="value">The value in host order.</param>
    /// <returns>The value in big-endian (network) order.</returns>
    public static ulong HostToNetwork(ulong value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;

    /// <summary>Converts a 16-bit value from network to host byte order, like Python's <c>socket.ntohs</c>.</summary>
    /// <param name="value">The value in big-endian (network) order.</param>
    /// <returns>The value in host order.</returns>
    public static ushort NetworkToHost(ushort value) => HostToNetwork(value);

    /// <summary>Converts a 32-bit value from network to host byte order, like Python's <c>socket.ntohl</c>.</summary>
    /// <param name="value">The value in big-endian (network) order.</param>
    /// <returns>The value in host order.</returns>
    public static uint NetworkToHost(uint value) => HostToNetwork(value);

    /// <summary>Converts a 64-bit value from network to host byte order.</summary>
    /// <param name="value">The value in big-endian (network) order.</param>
    /// <returns>The value in host order.</returns>
    public static ulong NetworkToHost(ulong value) => HostToNetwork(value);

    private static bool TryParseDottedQuad(string text, out byte[] bytes)
    {
        bytes = new byte[4];
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255)
            {
                return false;
            }

            bytes[i] = (byte)value;
        }

        return true;
    }
}
