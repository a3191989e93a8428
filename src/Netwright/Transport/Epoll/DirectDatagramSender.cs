using System.Net;
using System.Net.Sockets;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

/// <summary>One non-blocking <c>sendto</c> on a .NET socket's descriptor, for replies made while a batch is handled.</summary>
internal static unsafe class DirectDatagramSender
{
    /// <summary>
    /// Hands <paramref name="payload"/> to the kernel if it takes it at once. False on any failure (EAGAIN, an
    /// unreachable or vanished recipient, a closed socket), so the caller can retry the .NET way, which waits or
    /// throws the usual exception.
    /// </summary>
    public static bool TrySendTo(Socket socket, ReadOnlySpan<byte> payload, SocketAddress recipient)
    {
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            fixed (byte* data = payload)
            fixed (byte* address = recipient.Buffer.Span)
            {
                while (true)
                {
                    var sent = LibC.SendTo(fd, data, (nuint)payload.Length, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL, address, recipient.Size);
                    if (sent >= 0)
                    {
                        return true;
                    }

                    if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != LibC.EINTR)
                    {
                        return false;
                    }
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed by a stopping server: the .NET path reports it the usual way.
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
