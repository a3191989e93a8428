using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>Opens the generator's sockets: stream connections with a timeout, and connected datagram sockets.</summary>
internal static class BenchConnector
{
    private const int SolIp = 0;
    private const int IpBindAddressNoPort = 24;

    /// <summary>
    /// Connects a stream socket to <paramref name="target"/>, bound first to <paramref name="source"/> when
    /// given. Throws <see cref="SocketException"/> on failure and <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Socket> ConnectStreamAsync(EndPoint target, IPAddress? source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var isUnix = target is UnixDomainSocketEndPoint;
        var socket = new Socket(target.AddressFamily, SocketType.Stream, isUnix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (!isUnix)
            {
                socket.NoDelay = true;
            }

            if (source is not null)
            {
                if (OperatingSystem.IsLinux())
                {
                    // IP_BIND_ADDRESS_NO_PORT: pick the port at connect time from the whole 4-tuple; a bind to
                    // port 0 would search the port space on every call, which slows down past a few thousand.
                    socket.SetRawSocketOption(SolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(FormattableString.Invariant($"no connection within {timeout.TotalSeconds:0.###} s"));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects a stream socket with synchronous calls only (a non-blocking connect, then a poll for up to
    /// <paramref name="timeout"/>), so the runtime's socket engine never registers it; the epoll engine
    /// drives it instead. Throws <see cref="SocketException"/> on failure and <see cref="TimeoutException"/>.
    /// </summary>
    public static Socket ConnectWithoutEngine(EndPoint target, TimeSpan timeout)
    {
        var isUnix = target is UnixDomainSocketEndPoint;
        var socket = new Socket(target.AddressFamily, SocketType.Stream, isUnix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        try
        {
            if (!isUnix)
            {
                socket.NoDelay = true;
            }

            socket.Blocking = false;
            var deadline = Stopwatch.GetTimestamp() + RunControl.ToTicks(timeout);
            try
            {
                while (!TryStartConnect(socket, target, isUnix, deadline, timeout))
                {
                    Thread.Sleep(1);
                }
            }
            catch (SocketException ex) when (!isUnix && ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
            {
                if (!socket.Poll(timeout, SelectMode.SelectWrite))
                {
                    throw new TimeoutException(FormattableString.Invariant($"no connection within {timeout.TotalSeconds:0.###} s"));
                }

                if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error && error != 0)
                {
                    throw new SocketException(error);
                }
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a non-blocking connect. A TCP connect in progress throws (the caller polls); a Unix connect
    /// to a full backlog fails with EAGAIN instead (connect(2)), so it is retried until <paramref name="deadline"/>.
    /// </summary>
    private static bool TryStartConnect(Socket socket, EndPoint target, bool isUnix, long deadline, TimeSpan timeout)
    {
        try
        {
            socket.Connect(target);
            return true;
        }
        catch (SocketException ex) when (isUnix && ex.SocketErrorCode == SocketError.WouldBlock)
        {
            return Stopwatch.GetTimestamp() < deadline
                ? false
                : throw new TimeoutException(FormattableString.Invariant($"no connection within {timeout.TotalSeconds:0.###} s"));
        }
    }

    /// <summary>
    /// Creates a datagram socket connected to <paramref name="target"/>. A Unix datagram socket is bound to
    /// <paramref name="localPath"/> first, since replies need an address to come back to.
    /// </summary>
    public static Socket ConnectDatagram(EndPoint target, string? localPath)
    {
        var isUnix = target is UnixDomainSocketEndPoint;
        var socket = new Socket(target.AddressFamily, SocketType.Dgram, isUnix ? ProtocolType.Unspecified : ProtocolType.Udp);
        try
        {
            if (isUnix && localPath is not null)
            {
                socket.Bind(new UnixDomainSocketEndPoint(localPath));
            }

            socket.Connect(target);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Maps a connect failure to an error kind.</summary>
    public static BenchErrorKind Classify(Exception exception) =>
        exception is TimeoutException ? BenchErrorKind.Timeout : BenchErrors.Classify(exception, timedOut: false);

    /// <summary>Describes a connect failure in a few words.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SocketException socketException => socketException.SocketErrorCode.ToString(),
        _ => exception.Message,
    };

    /// <summary>Returns true for exceptions a connect attempt throws because of the network.</summary>
    public static bool IsConnectFailure(Exception exception) =>
        exception is SocketException or TimeoutException or IOException or System.Security.Authentication.AuthenticationException;
}
