using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Cli.Tests.Support;
using Netwright.Interop;
using Netwright.LoadGen;
using Netwright.Testing;

namespace Netwright.LoadGen.Tests;

/// <summary>The shared Linux interop (src/Shared/Linux) as the load generator compiles it.</summary>
public sealed unsafe class LinuxInteropTests
{
    [LinuxFact]
    public void EpollWaitRecordsAreReadWithThisArchitecturesLayout()
    {
        // An eventfd made readable is reported with the 64-bit data it was registered with: a wrong
        // struct epoll_event layout (packed on x86-64 only) would read the data from the wrong offset.
        const ulong Data = 0x1122_3344_5566_7788;
        var epoll = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        var eventFd = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        var events = stackalloc byte[4 * 16];
        try
        {
            Assert.True(epoll >= 0 && eventFd >= 0, Marshal.GetLastPInvokeErrorMessage());
            Assert.Equal(0, LibC.Control(epoll, LibC.EPOLL_CTL_ADD, eventFd, LibC.EPOLLIN, Data));
            var one = 1UL;
            Assert.Equal(8, LibC.Write(eventFd, (byte*)&one, 8));

            Assert.Equal(1, LibC.EpollWait(epoll, events, 4, (int)TestTimeouts.Default.TotalMilliseconds));

            Assert.Equal(LibC.EPOLLIN, LibC.ReadEvent(events, 0, out var data));
            Assert.Equal(Data, data);
        }
        finally
        {
            _ = LibC.Close(eventFd);
            _ = LibC.Close(epoll);
        }
    }

    [Theory]
    [InlineData(LibC.ECONNRESET, SocketError.ConnectionReset)]
    [InlineData(LibC.EPIPE, SocketError.Shutdown)]
    [InlineData(LibC.ECONNREFUSED, SocketError.ConnectionRefused)]
    [InlineData(LibC.ECONNABORTED, SocketError.ConnectionAborted)]
    [InlineData(LibC.ETIMEDOUT, SocketError.TimedOut)]
    [InlineData(LibC.EAGAIN, SocketError.WouldBlock)]
    [InlineData(LibC.EINTR, SocketError.Interrupted)]
    [InlineData(LibC.ENOENT, SocketError.AddressNotAvailable)]
    [InlineData(LibC.EACCES, SocketError.AccessDenied)]
    [InlineData(LibC.EADDRINUSE, SocketError.AddressAlreadyInUse)]
    [InlineData(LibC.EBADF, SocketError.OperationAborted)]
    [InlineData(LibC.ENOTSOCK, SocketError.NotSocket)]
    [InlineData(LibC.EHOSTUNREACH, SocketError.HostUnreachable)]
    [InlineData(LibC.EPROTO, SocketError.SocketError)]
    public void ErrnoBecomesTheSocketErrorTheRuntimeUses(int errno, SocketError expected)
    {
        var exception = Errno.ToSocketException(errno);

        Assert.Equal(expected, Errno.ToSocketError(errno));
        Assert.Equal(expected, exception.SocketErrorCode);
        Assert.Equal(Marshal.GetPInvokeErrorMessage(errno), exception.Message);
    }

    [LinuxFact]
    public void ARealRefusedConnectGivesTheSameErrorAsTheRuntimesSocket()
    {
        // A port nobody listens on: reserve one, then close the listener so the connect is refused.
        int port;
        using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        }

        using var managed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var runtime = Assert.Throws<SocketException>(() => managed.Connect(IPAddress.Loopback, port));

        var fd = socket(2, 1, 0);
        Assert.True(fd >= 0);
        try
        {
            // struct sockaddr_in: family, port (network order), 127.0.0.1, padding.
            var address = stackalloc byte[16];
            *(ushort*)address = 2;
            address[2] = (byte)(port >> 8);
            address[3] = (byte)port;
            address[4] = 127;
            address[7] = 1;
            Assert.Equal(-1, connect(fd, address, 16));
            var ours = Errno.LastError();

            Assert.Equal(runtime.SocketErrorCode, ours.SocketErrorCode);
            Assert.Equal(BenchErrorKind.Refused, BenchErrors.Classify(ours.SocketErrorCode));
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006, CA5392 // libc's own names; a test-only binding
    private static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    private static extern int connect(int fd, byte* address, int length);
#pragma warning restore SA1300, IDE1006, CA5392
}
