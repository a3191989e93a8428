using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netwright.Cli.Commands.Bench;

/// <summary>
/// Drives every ping-pong connection from one thread with its own epoll set and direct send/recv calls:
/// two system calls per round trip, as a C client makes. Used on Linux x86-64 (<c>--engine epoll</c>, the
/// default there for pingpong).
/// </summary>
/// <remarks>
/// Measured on the 2-core test machine under load: about 6.8 µs of generator CPU per 32-byte round trip,
/// like a C epoll client (6.6 to 6.9 µs), against about 11 µs for <see cref="PingPongWorker"/> on
/// <see cref="Socket"/> async calls with inline completions. The sockets are connected with blocking calls
/// so the runtime's own epoll engine never registers them, which would wake its thread on every echo.
/// </remarks>
internal sealed class EpollPingPongEngine
{
    private const int MaxEvents = 256;
    private const int WaitMilliseconds = 20;

    private readonly int _epollFd;
    private readonly List<EpollPingPongConnection> _connections = [];
    private readonly EpollInterop.EpollEvent[] _events = new EpollInterop.EpollEvent[MaxEvents];
    private readonly Thread _thread;
    private volatile bool _abortPending;
    private int _active;

    public EpollPingPongEngine()
    {
        _epollFd = EpollInterop.EpollCreate(0);
        if (_epollFd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        _thread = new Thread(Loop) { IsBackground = true, Name = "netwright bench epoll" };
    }

    /// <summary>Gets the connections, as workers for the run's monitor.</summary>
    public IReadOnlyList<EpollPingPongConnection> Connections => _connections;

    /// <summary>Adds a connected socket (before <see cref="Start"/>).</summary>
    public void Add(int id, Socket socket, RunControl run, BenchErrors errors, int size, BenchReply reply) =>
        _connections.Add(new EpollPingPongConnection(_connections.Count, id, socket, run, errors, size, reply, this));

    /// <summary>Starts the engine thread, which ends once every connection has finished.</summary>
    public void Start() => _thread.Start();

    /// <summary>Wakes the engine to process abort requests within one wait period.</summary>
    public void NotifyAbort() => _abortPending = true;

    /// <summary>Sets the events epoll reports for <paramref name="connection"/> (engine thread).</summary>
    public void Watch(EpollPingPongConnection connection, uint events)
    {
        var epollEvent = new EpollInterop.EpollEvent { Events = events, Data = (ulong)connection.Index };
        if (EpollInterop.EpollCtl(_epollFd, EpollInterop.CtlMod, connection.FileDescriptor, ref epollEvent) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Stops watching a finished connection (engine thread); the worker disposes the socket afterwards.</summary>
    public void Remove(EpollPingPongConnection connection)
    {
        var unused = default(EpollInterop.EpollEvent);
        // Cannot fail for a registered descriptor; the socket is closed right after anyway.
        _ = EpollInterop.EpollCtl(_epollFd, EpollInterop.CtlDel, connection.FileDescriptor, ref unused);
        _active--;
    }

    private void Loop()
    {
        try
        {
            for (var i = 0; i < _connections.Count; i++)
            {
                var epollEvent = new EpollInterop.EpollEvent { Events = EpollInterop.EpollIn, Data = (ulong)i };
                if (EpollInterop.EpollCtl(_epollFd, EpollInterop.CtlAdd, _connections[i].FileDescriptor, ref epollEvent) != 0)
                {
                    throw new SocketException(Marshal.GetLastPInvokeError());
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
                    foreach (var connection in _connections)
                    {
                        if (connection.AbortRequested)
                        {
                            connection.ProcessAbort();
                        }
                    }
                }

                var count = EpollInterop.EpollWait(_epollFd, _events, MaxEvents, WaitMilliseconds);
                if (count < 0 && Marshal.GetLastPInvokeError() != EpollInterop.EINTR)
                {
                    throw new SocketException(Marshal.GetLastPInvokeError());
                }

                for (var i = 0; i < count; i++)
                {
                    _connections[(int)_events[i].Data].OnReady(_events[i].Events);
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
            _ = EpollInterop.Close(_epollFd);
        }
    }
}
