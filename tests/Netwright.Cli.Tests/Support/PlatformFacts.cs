using System.Net.Sockets;

namespace Netwright.Cli.Tests.Support;

/// <summary>A fact skipped, with a reason, where Unix-domain sockets are unsupported.</summary>
internal sealed class UnixSocketFactAttribute : FactAttribute
{
    public UnixSocketFactAttribute()
    {
        if (!Socket.OSSupportsUnixDomainSockets)
        {
            Skip = "Unix-domain sockets are not supported on this platform.";
        }
    }
}

/// <summary>A theory skipped, with a reason, where Unix-domain sockets are unsupported.</summary>
internal sealed class UnixSocketTheoryAttribute : TheoryAttribute
{
    public UnixSocketTheoryAttribute()
    {
        if (!Socket.OSSupportsUnixDomainSockets)
        {
            Skip = "Unix-domain sockets are not supported on this platform.";
        }
    }
}

/// <summary>A fact that needs POSIX signals (SIGTERM), skipped on Windows.</summary>
internal sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "POSIX signals are not available on Windows.";
        }
    }
}

/// <summary>A fact that needs Linux (the epoll transport engine), skipped elsewhere.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "The epoll engine exists only on Linux.";
        }
    }
}
