using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Netwright.Interop;

/// <summary>
/// The few Linux system calls the epoll engines make, bound straight to libc: the library's epoll transport
/// and the load generator's own engine both compile this file (linked source, like tests/Shared). Every call
/// reports failure as -1 with the error number in <see cref="Marshal.GetLastPInvokeError"/>; turn that into
/// a <see cref="System.Net.Sockets.SocketException"/> with <see cref="Errno.ToSocketException"/>. The
/// constants are Linux's generic ones, the same on x86-64 and arm64 (see errno(3), epoll_ctl(2)).
/// </summary>
internal static unsafe partial class LibC
{
    // errno values (asm-generic/errno-base.h and errno.h: the same on x86-64 and arm64).
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EFAULT = 14;
    public const int EINVAL = 22;
    public const int ENFILE = 23;
    public const int EMFILE = 24;
    public const int EPIPE = 32;
    public const int ENAMETOOLONG = 36;
    public const int EPROTO = 71;
    public const int ENOTSOCK = 88;
    public const int EDESTADDRREQ = 89;
    public const int EMSGSIZE = 90;
    public const int EPROTOTYPE = 91;
    public const int ENOPROTOOPT = 92;
    public const int EPROTONOSUPPORT = 93;
    public const int ESOCKTNOSUPPORT = 94;
    public const int EOPNOTSUPP = 95;
    public const int EPFNOSUPPORT = 96;
    public const int EAFNOSUPPORT = 97;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETDOWN = 100;
    public const int ENETUNREACH = 101;
    public const int ENETRESET = 102;
    public const int ECONNABORTED = 103;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int EISCONN = 106;
    public const int ENOTCONN = 107;
    public const int ESHUTDOWN = 108;
    public const int ETIMEDOUT = 110;
    public const int ECONNREFUSED = 111;
    public const int EHOSTDOWN = 112;
    public const int EHOSTUNREACH = 113;
    public const int EALREADY = 114;
    public const int EINPROGRESS = 115;
    public const int ECANCELED = 125;

    public const uint EPOLLIN = 0x001;
    public const uint EPOLLOUT = 0x004;
    public const uint EPOLLERR = 0x008;
    public const uint EPOLLHUP = 0x010;
    public const uint EPOLLONESHOT = 1u << 30;

    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const int EPOLL_CTL_MOD = 3;

    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;
    // Every send passes it: a write to a peer that has closed then fails with EPIPE instead of raising SIGPIPE,
    // whose default action ends the process (send(2), signal(7)).
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_ERRQUEUE = 0x2000;

    public const int SHUT_WR = 1;
    public const int SHUT_RDWR = 2;

    public const int SOL_SOCKET = 1;
    public const int SO_KEEPALIVE = 9;
    public const int SO_ERROR = 4;
    public const int IPPROTO_TCP = 6;
    public const int TCP_NODELAY = 1;

    /// <summary>
    /// Gets the size of <c>struct epoll_event</c>: 12 bytes on x86 and x86-64, where the kernel declares it packed
    /// (<c>__EPOLL_PACKED</c>), and 16 elsewhere (arm64 and the other 64-bit ABIs align its 64-bit data to 8).
    /// See include/uapi/linux/eventpoll.h in the kernel.
    /// </summary>
    public static int EpollEventSize { get; } = IsPackedEpollEvent ? 12 : 16;

    /// <summary>Gets the offset of <c>epoll_event.data</c>: 4 where the struct is packed, 8 elsewhere.</summary>
    public static int EpollDataOffset { get; } = IsPackedEpollEvent ? 4 : 8;

    private static bool IsPackedEpollEvent =>
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initval, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nuint count, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nuint count, int flags);

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMsg(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, byte* buffer, nuint count, int flags, byte* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4(int fd, byte* address, int* addressLength, int flags);

    [LibraryImport("libc", EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, byte* address, int* addressLength);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, int* value, int* length);

    [LibraryImport("libc", EntryPoint = "getpeername", SetLastError = true)]
    public static partial int GetPeerName(int fd, byte* address, int* addressLength);

    /// <summary>Adds, changes or removes a registration; the event record is laid out for this architecture.</summary>
    public static int Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var record = stackalloc byte[16];
        *(uint*)record = events;
        Unsafe.WriteUnaligned(record + EpollDataOffset, data);
        return EpollCtl(epfd, op, fd, record);
    }

    /// <summary>Reads record <paramref name="index"/> of an <c>epoll_wait</c> result laid out for this architecture.</summary>
    /// <returns>The ready events; the record's data in <paramref name="data"/>.</returns>
    public static uint ReadEvent(byte* events, int index, out ulong data)
    {
        var record = events + (index * EpollEventSize);
        data = Unsafe.ReadUnaligned<ulong>(record + EpollDataOffset);
        return *(uint*)record;
    }

    /// <summary>One <c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>A <c>struct msghdr</c>; streams leave the address empty, datagram receives point it at a slot for the sender.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public int NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>One <c>struct mmsghdr</c>: a message header and, after the call, the bytes it carried.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}
