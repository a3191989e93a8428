namespace Netwright.Tls.Internal;

/// <summary>
/// Keeps <see cref="System.Net.Security.SslStream.ShutdownAsync"/> from running while the read side is inside OpenSSL.
/// </summary>
/// <remarks>
/// <para>On Linux, SslStream's shutdown calls <c>SSL_shutdown</c> twice, without the lock its reads take; the second call
/// reads the peer's records from the same input buffer that a concurrent <c>SSL_read</c> is decrypting. A TLS
/// connection whose application still reads while its output completes (an echo client sending its last bytes) then
/// lost or garbled records now and then: "wrong version number" on the next read, or "error 5" from the shutdown. An
/// OpenSSL object must not be used from two threads at once (https://docs.openssl.org/3.0/man7/openssl-threads/).</para>
/// <para>A read counts as inside while it runs in SslStream, except while it waits for bytes from the socket (parked in
/// <see cref="PipeStream"/>): then SslStream holds no OpenSSL call. The shutdown waits until no read is inside, and
/// reads that would go in (or come back from the socket with bytes) wait until the shutdown is done; both waits last
/// microseconds, one record's decryption or one close_notify.</para>
/// </remarks>
internal sealed class TlsReadGate
{
    private readonly Lock _lock = new();
    private int _inside;
    private TaskCompletionSource? _shutdownDone;
    private TaskCompletionSource? _readsOut;

    /// <summary>Marks a read as going into SslStream (or back into it with bytes from the socket); waits while a shutdown runs.</summary>
    /// <returns>A task that completes when the read may go in.</returns>
    public ValueTask EnterAsync()
    {
        Task wait;
        lock (_lock)
        {
            if (_shutdownDone is null)
            {
                _inside++;
                return ValueTask.CompletedTask;
            }

            wait = _shutdownDone.Task;
        }

        return EnterAfterAsync(wait);
    }

    /// <summary>Marks a read as out of SslStream, or parked waiting for the socket.</summary>
    public void Exit()
    {
        TaskCompletionSource? readsOut = null;
        lock (_lock)
        {
            if (--_inside == 0 && _readsOut is not null)
            {
                readsOut = _readsOut;
                _readsOut = null;
            }
        }

        readsOut?.TrySetResult();
    }

    /// <summary>Runs <paramref name="shutdown"/> once no read is inside SslStream, holding reads out until it ends.</summary>
    /// <param name="shutdown">The SslStream shutdown.</param>
    /// <returns>A task that completes with the shutdown.</returns>
    public async Task ShutdownAsync(Func<Task> shutdown)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? readsOut = null;
        lock (_lock)
        {
            _shutdownDone = done;
            if (_inside > 0)
            {
                _readsOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                readsOut = _readsOut.Task;
            }
        }

        try
        {
            if (readsOut is not null)
            {
                await readsOut.ConfigureAwait(false);
            }

            await shutdown().ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _shutdownDone = null;
            }

            done.TrySetResult();
        }
    }

    private async ValueTask EnterAfterAsync(Task shutdownDone)
    {
        await shutdownDone.ConfigureAwait(false);
        await EnterAsync().ConfigureAwait(false);
    }
}
