using System.Net;

namespace Netwright.Transport;

/// <summary>
/// The engine-specific half of serving a <see cref="DatagramChannel"/>: it waits for datagrams and takes what is
/// queued, in batches where the engine can (<c>recvmmsg</c> on epoll) and one at a time otherwise. A server runs one
/// loop over it whatever the engine, as <see cref="StreamListener"/> hides its engine behind one accept call.
/// </summary>
/// <remarks>
/// <see cref="ReceiveAsync"/>, the slot accessors and <see cref="IDisposable.Dispose"/> belong to one owner loop;
/// <see cref="Close"/> may come from any thread.
/// </remarks>
internal interface IDatagramReceiver : IDisposable
{
    /// <summary>Waits until datagrams arrive and takes them: how many (at least 1), or 0 once <see cref="Close"/> was called.</summary>
    /// <exception cref="Errors.NetwrightException">The receive failed; a <see cref="Errors.ConnectionAbortedException"/> means the socket is gone.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    ValueTask<int> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Gets the payload of datagram <paramref name="index"/> of the last receive (valid until the next).</summary>
    ReadOnlyMemory<byte> Payload(int index);

    /// <summary>Copies the sender of datagram <paramref name="index"/> into <paramref name="target"/>, setting its size.</summary>
    void CopySender(int index, SocketAddress target);

    /// <summary>Ends receiving for good: a pending or later <see cref="ReceiveAsync"/> returns 0. Thread-safe and idempotent.</summary>
    void Close();
}
