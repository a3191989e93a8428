using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Netwright.Interop;

namespace Netwright.Transport.Epoll;

/// <summary>
/// One thread running a level-triggered <c>epoll_wait</c> loop, as a C epoll server does. Registered
/// handlers are found through a <see cref="GCHandle"/> stored in the event's data; work from other threads
/// is queued and the loop woken through an eventfd. Handles of closed registrations are freed only after
/// the batch that might still name them. A <see cref="ReactorGroup"/> owns its reactors: it starts them and,
/// once everything registered has closed, stops them with <see cref="RequestStop"/> and joins their threads.
/// </summary>
internal sealed unsafe class EpollReactor
{
    private const int MaxEvents = 256;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly List<GCHandle> _toFree = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<Action> _nextTurn = [];
    private List<Action> _thisTurn = [];
    private int _wakePending;
    private volatile bool _stopRequested;

    public EpollReactor(int index)
    {
        Index = index;
        _epoll = LibC.EpollCreate1(LibC.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new Errors.NetwrightException($"epoll_create1 failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        _wake = LibC.EventFd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_wake < 0 || LibC.Control(_epoll, LibC.EPOLL_CTL_ADD, _wake, LibC.EPOLLIN, 0) != 0)
        {
            throw new Errors.NetwrightException($"eventfd failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = $"netwright-epoll-{index}" };
        // UnsafeStart: the reactor must not inherit the creating flow's execution context (its AsyncLocals), or every
        // continuation resumed on this thread would restore that context, a measurable share of each round trip
        // (docs/performance.md).
        _thread.UnsafeStart();
    }

    /// <summary>Gets a buffer for input that is read only to be discarded; use on the reactor thread.</summary>
    public byte[] Scratch { get; } = new byte[4096];

    /// <summary>Gets this reactor's position in its group.</summary>
    public int Index { get; }

    /// <summary>Gets a task that completes once the reactor's thread has left its loop and released the descriptors.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Gets the reactor's thread (for joining it).</summary>
    public Thread Thread => _thread;

    /// <summary>Gets whether the caller runs on the reactor thread.</summary>
    public bool IsReactorThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    /// <summary>Gets the number of the loop's current turn (one <c>epoll_wait</c> and what it reported); read on the reactor thread.</summary>
    public long Turn { get; private set; }

    /// <summary>
    /// Gets an awaitable that resumes its caller on the reactor thread in the next turn, after other descriptors had
    /// their say; await it only on the reactor thread. This is how one busy connection yields the thread.
    /// </summary>
    public NextTurnAwaitable NextTurn() => new(this);

    /// <summary>Creates the token that names <paramref name="handler"/> in the kernel's event records.</summary>
    public static GCHandle CreateToken(IEpollHandler handler) => GCHandle.Alloc(handler);

    /// <summary>Adds, changes or removes interest for a descriptor (thread-safe, like <c>epoll_ctl</c>).</summary>
    /// <returns>0, or the error number.</returns>
    public int Control(int op, int fd, uint events, GCHandle token) =>
        LibC.Control(_epoll, op, fd, events, (ulong)GCHandle.ToIntPtr(token)) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>Runs <paramref name="work"/> on the reactor thread after the current batch of events.</summary>
    public void Post(Action work)
    {
        _work.Enqueue(work);
        if (!IsReactorThread && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ulong one = 1;
            LibC.Write(_wake, (byte*)&one, sizeof(ulong));
        }
    }

    /// <summary>Frees a registration's token once the current batch is done; call on the reactor thread.</summary>
    public void FreeLater(GCHandle token) => _toFree.Add(token);

    /// <summary>Asks the loop to end after the work already queued (closing descriptors, freeing tokens) has run.</summary>
    public void RequestStop() => Post(() => _stopRequested = true);

    private void Run()
    {
        var events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LibC.EpollEventSize));
        var stride = LibC.EpollEventSize;
        var dataOffset = LibC.EpollDataOffset;
        while (!_stopRequested)
        {
            // With work left for the next turn, only look at what is ready; otherwise sleep until something is.
            var count = LibC.EpollWait(_epoll, events, MaxEvents, _nextTurn.Count > 0 ? 0 : -1);
            Turn++;
            for (var i = 0; i < count; i++)
            {
                var record = events + (i * stride);
                var data = Unsafe.ReadUnaligned<ulong>(record + dataOffset);
                if (data == 0)
                {
                    Drain();
                    continue;
                }

                var handler = (IEpollHandler)GCHandle.FromIntPtr(new IntPtr(unchecked((long)data))).Target!;
                handler.OnEvents(*(uint*)record);
            }

            RunNextTurnWork();
            RunWork();
            if (_toFree.Count > 0)
            {
                foreach (var token in _toFree)
                {
                    token.Free();
                }

                _toFree.Clear();
            }
        }

        NativeMemory.Free(events);
        LibC.Close(_wake);
        LibC.Close(_epoll);
        _exited.TrySetResult();
    }

    private void Drain()
    {
        ulong value;
        LibC.Read(_wake, (byte*)&value, sizeof(ulong));
        Interlocked.Exchange(ref _wakePending, 0);
    }

    /// <summary>Adds a continuation for the next turn; reactor thread only.</summary>
    internal void Defer(Action continuation) => _nextTurn.Add(continuation);

    private void RunNextTurnWork()
    {
        if (_nextTurn.Count == 0)
        {
            return;
        }

        // Swap first: what these continuations defer again waits for the turn after.
        (_thisTurn, _nextTurn) = (_nextTurn, _thisTurn);
        foreach (var continuation in _thisTurn)
        {
            Run(continuation);
        }

        _thisTurn.Clear();
    }

    private void RunWork()
    {
        while (_work.TryDequeue(out var work))
        {
            Run(work);
        }
    }

    private static void Run(Action work)
    {
        try
        {
            work();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Work items catch their own errors; one that escapes must not stop every other connection.
            System.Diagnostics.Debug.Fail("epoll reactor work item threw", ex.ToString());
        }
    }
}
