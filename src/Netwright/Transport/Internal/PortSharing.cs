using System.Net.Sockets;

namespace Netwright.Transport.Internal;

/// <summary>
/// Sets the address-reuse options of a TCP or UDP socket before it binds, so that a port another socket
/// holds is "address in use" unless sharing was asked for.
/// </summary>
/// <remarks>
/// .NET on Unix maps <see cref="SocketOptionName.ReuseAddress"/> to SO_REUSEADDR <em>and</em> SO_REUSEPORT
/// (https://github.com/dotnet/corefx/pull/11509; checked on .NET 10 with getsockopt), and with SO_REUSEPORT on both sockets Linux lets a second
/// process listen on the same port and splits new connections between them. So the plain SO_REUSEADDR is set
/// with a raw option instead: on a TCP listener it only allows binding over connections in TIME_WAIT, the
/// reason every server sets it. A UDP socket gets no reuse option at all: there SO_REUSEADDR alone lets two
/// sockets bind one port (socket(7)).
/// </remarks>
internal static class PortSharing
{
    // SOL_SOCKET, SO_REUSEADDR and SO_REUSEPORT differ between Linux and the BSDs (macOS).
    private static readonly (int Level, int ReuseAddress, int ReusePort) s_options = OperatingSystem.IsLinux()
        ? (1, 2, 15)
        : (0xFFFF, 0x4, 0x200);

    public static void Apply(Socket socket, bool stream, bool reusePort)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows' SO_REUSEADDR lets another socket take over a bound port; exclusive use is its safe mode
            // (https://learn.microsoft.com/en-us/windows/win32/WinSock/using-so-reuseaddr-and-so-exclusiveaddruse).
            // Deliberate sharing has no load-balancing equivalent there.
            if (reusePort)
            {
                throw new PlatformNotSupportedException("port sharing (ReusePort) needs SO_REUSEPORT, which Windows does not have");
            }

            socket.ExclusiveAddressUse = true;
            return;
        }

        if (stream)
        {
            SetFlag(socket, s_options.ReuseAddress);
        }

        if (reusePort)
        {
            SetFlag(socket, s_options.ReusePort);
        }
    }

    private static void SetFlag(Socket socket, int name) =>
        socket.SetRawSocketOption(s_options.Level, name, BitConverter.GetBytes(1));
}
