using System.Runtime.InteropServices;

namespace Netwright.LoadGen;

/// <summary>The few Linux calls <see cref="EpollEngine"/> makes directly (x86-64 layout).</summary>
internal static class EpollInterop
{
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    public const int CtlMod = 3;
    public const int MsgNoSignal = 0x4000;

    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EPIPE = 32;
    public const int ECONNRESET = 104;
    public const int ETIMEDOUT = 110;
    public const int ECONNREFUSED = 111;

    /// <summary>Gets whether the engine can run here: Linux on x86-64, where <c>struct epoll_event</c> is packed.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static extern int EpollCreate(int flags);

    [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static extern int EpollCtl(int epollFd, int operation, int fd, ref EpollEvent epollEvent);

    [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static extern int EpollWait(int epollFd, [Out] EpollEvent[] events, int maxEvents, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "send", SetLastError = true)]
    public static extern nint Send(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static extern nint Receive(int fd, ref byte buffer, nint length, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    /// <summary>Maps an errno from send or recv to an error kind.</summary>
    public static BenchErrorKind Classify(int errno) => errno switch
    {
        ECONNREFUSED => BenchErrorKind.Refused,
        ECONNRESET or EPIPE => BenchErrorKind.Reset,
        ETIMEDOUT => BenchErrorKind.Timeout,
        _ => BenchErrorKind.Other,
    };

    /// <summary><c>struct epoll_event</c> as x86-64 Linux lays it out (packed, 12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }
}
