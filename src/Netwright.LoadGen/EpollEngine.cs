using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Netwright.Interop;

namespace Netwright.LoadGen;

/// <summary>
/// Drives every connection of a run from one thread with its own epoll set and direct send/recv calls, as a
/// C client does: pingpong (<see cref="EpollPingPongConnection"/>) and udp (<see cref="EpollUdpConnection"/>).
/// Used on Linux (<c>--engine epoll</c>, the default there for both modes), through the shared Linux interop
/// (<see cref="LibC"/>, which lays out <c>struct epoll_event</c> for x86-64 and arm64 alike).
/// </summary>
/// <remarks>
/// A generator must cost less than the server it measures: this loop spends about what a C epoll client spends
/// per round trip, well under <see cref="Socket"/> async calls (figures in docs/performance.md). Sockets are
/// connected with synchronous calls only, so the runtime's own epoll engine never registers them (it does so on a
/// socket's first asynchronous call, SocketAsyncContext.Unix.cs in dotnet/runtime), which would wake its thread on every echo. Connections that need deadlines (udp
/// reply timeouts) ask for a timer with <see cref="ScheduleTimer"/>; the wait is shortened to the nearest one.
/// </remarks>
internal sealed unsafe class EpollEngine
{
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 20;

    private readonly int _epollFd;
    private readonly List<EpollConnection> _connections = [];
    private readonly Thread _thread;
    private volatile bool _abortPending;
    private long _nextTimer = long.MaxValue;
    private int _active;

    public EpollEngine()
    {
        _epollFd = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epollFd < 0)
        {
            throw Errno.LastError();
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = "netwright bench epoll" };
    }

    /// <summary>Gets whether the engine can run here: on Linux, any architecture <see cref="LibC"/> lays out.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Adds a connection created for this engine (before <see cref="Start"/>).</summary>
    public void Add(EpollConnection connection)
    {
        connection.Index = _connections.Count;
        _connections.Add(connection);
    }

    /// <summary>Starts the engine thread, which ends once every connection has finished.</summary>
    public void Start() => _thread.Start();

    /// <summary>Wakes the engine to process abort requests within one wait period.</summary>
    public void NotifyAbort() => _abortPending = true;

    /// <summary>
    /// Asks for <see cref="EpollConnection.OnTimer"/> calls at or soon after <paramref name="deadline"/> (a
    /// <see cref="Stopwatch"/> timestamp; engine thread). Each timer pass calls every connection, which asks
    /// again for any deadline still ahead of it.
    /// </summary>
    public void ScheduleTimer(long deadline)
    {
        if (deadline < _nextTimer)
        {
            _nextTimer = deadline;
        }
    }

    /// <summary>Sets the events epoll reports for <paramref name="connection"/> (engine thread).</summary>
    public void Watch(EpollConnection connection, uint events)
    {
        if (LibC.Control(_epollFd, LibC.EPOLL_CTL_MOD, connection.FileDescriptor, events, (ulong)connection.Index) != 0)
        {
            throw Errno.LastError();
        }
    }

    /// <summary>Stops watching a finished connection (engine thread); the worker disposes the socket afterwards.</summary>
    public void Remove(EpollConnection connection)
    {
        // Cannot fail for a registered descriptor; the socket is closed right after anyway.
        _ = LibC.Control(_epollFd, LibC.EPOLL_CTL_DEL, connection.FileDescriptor, 0, 0);
        _active--;
    }

    private void Loop()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LibC.EpollEventSize));
        try
        {
            for (var i = 0; i < _connections.Count; i++)
            {
                if (LibC.Control(_epollFd, LibC.EPOLL_CTL_ADD, _connections[i].FileDescriptor, LibC.EPOLLIN, (ulong)i) != 0)
                {
                    throw Errno.LastError();
                }

                _active++;
            }

            foreach (var connection in _connections)
            {
                connection.Start();
            }

            while (_active > 0)
            {
                if (_abortPending)
                {
                    _abortPending = false;
                    ProcessAborts();
                }

                var wait = WaitMilliseconds;
                if (_nextTimer != long.MaxValue)
                {
                    wait = RunTimers();
                }

                var count = LibC.EpollWait(_epollFd, events, MaxEvents, wait);
                if (count < 0 && Marshal.GetLastPInvokeError() is var errno && errno != LibC.EINTR)
                {
                    throw Errno.ToSocketException(errno);
                }

                for (var i = 0; i < count; i++)
                {
                    var ready = LibC.ReadEvent(events, i, out var data);
                    _connections[(int)data].OnReady(ready);
                }
            }
        }
        catch (SocketException ex)
        {
            // epoll itself failed (never expected): end every connection so the run reports instead of hanging.
            foreach (var connection in _connections)
            {
                connection.FailAndFinish(BenchErrorKind.Other, "epoll failed: " + ex.Message);
            }
        }
        finally
        {
            NativeMemory.Free(events);
            _ = LibC.Close(_epollFd);
        }
    }

    private void ProcessAborts()
    {
        foreach (var connection in _connections)
        {
            if (connection.AbortRequested)
            {
                connection.ProcessAbort();
            }
        }
    }

    /// <summary>Runs a timer pass if one is due; returns how long epoll may wait before the next one.</summary>
    private int RunTimers()
    {
        var now = Stopwatch.GetTimestamp();
        if (now >= _nextTimer)
        {
            _nextTimer = long.MaxValue;
            foreach (var connection in _connections)
            {
                if (!connection.IsFinished)
                {
                    connection.OnTimer(now);
                }
            }

            if (_nextTimer == long.MaxValue)
            {
                return WaitMilliseconds;
            }
        }

        // Round up, so the pass after the wait finds the deadline reached instead of spinning on a 0 ms wait.
        var milliseconds = ((_nextTimer - now) * 1000 / Stopwatch.Frequency) + 1;
        return (int)Math.Clamp(milliseconds, 0, WaitMilliseconds);
    }
}
