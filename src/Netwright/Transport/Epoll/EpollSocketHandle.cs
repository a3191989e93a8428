using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

/// <summary>
/// Owns one accepted socket's file descriptor: it is closed exactly once, and never while a system call
/// on another thread still uses it (callers bracket each call with <see cref="SafeHandle.DangerousAddRef"/>).
/// </summary>
internal sealed unsafe class EpollSocketHandle : SafeHandle
{
    public EpollSocketHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>Gets the descriptor number (valid while the handle is open).</summary>
    public int Fd => (int)handle.ToInt64();

    /// <summary>Sets an integer socket option, ignoring failure (an option is a preference, not a requirement).</summary>
    public void TrySetOption(int level, int name, int value) => LibC.SetSockOpt(Fd, level, name, &value, sizeof(int));

    /// <summary>Gets whether the peer reset the connection already (a pending <c>ECONNRESET</c>, read with <c>SO_ERROR</c>).</summary>
    public bool WasReset()
    {
        int error = 0, length = sizeof(int);
        return LibC.GetSockOpt(Fd, LibC.SOL_SOCKET, LibC.SO_ERROR, &error, &length) == 0 && error == LibC.ECONNRESET;
    }

    /// <summary>Reads this side's or the peer's address, or null when there is none (an unnamed Unix socket).</summary>
    public EndPoint? ReadEndPoint(bool peer, AddressFamily family)
    {
        var address = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        var length = address.Buffer.Length;
        fixed (byte* buffer = address.Buffer.Span)
        {
            var result = peer ? LibC.GetPeerName(Fd, buffer, &length) : LibC.GetSockName(Fd, buffer, &length);
            if (result != 0)
            {
                return null;
            }
        }

        address.Size = length;
        try
        {
            return family switch
            {
                AddressFamily.Unix => new UnixDomainSocketEndPoint("x").Create(address),
                _ => new IPEndPoint(IPAddress.Any, 0).Create(address),
            };
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    protected override bool ReleaseHandle() => LibC.Close((int)handle.ToInt64()) == 0;
}
