using System.Buffers;
using Netwright.Applications;

namespace Netwright.Protocols;

/// <summary>
/// The event style, like Twisted's <c>Protocol</c>: override the callbacks and talk back through
/// <see cref="Transport"/>.
/// </summary>
/// <remarks>
/// <para>Start here for the event style. A <see cref="ProtocolFactory"/> makes one protocol per
/// connection; the server calls <see cref="OnConnected"/> (Twisted's <c>connectionMade</c>), then
/// <see cref="OnDataReceived"/> (<c>dataReceived</c>) as bytes arrive, then <see cref="OnConnectionLost"/>
/// (<c>connectionLost</c>) exactly once. Callbacks for one connection run one at a time and must not block.</para>
/// <para>Network reality: bytes arrive in pieces or several messages at once, whatever the peer's writes
/// were. A message may come one byte per call; test your protocol that way. For whole lines use
/// <see cref="LineProtocol"/>, for length-prefixed messages <see cref="LengthPrefixedProtocol"/>.</para>
/// </remarks>
public abstract class Protocol
{
    private ITransport? _transport;

    /// <summary>Gets the transport; set before <see cref="OnConnected"/> is called.</summary>
    /// <exception cref="InvalidOperationException">The protocol is not connected yet.</exception>
    protected ITransport Transport => _transport ?? throw new InvalidOperationException("the protocol is not connected yet");

    /// <summary>Called once the connection is up (Twisted's <c>connectionMade</c>).</summary>
    public virtual void OnConnected()
    {
    }

    /// <summary>Called with bytes as they arrive (Twisted's <c>dataReceived</c>).</summary>
    /// <param name="data">The bytes; valid only during this call, so copy what you keep.</param>
    public virtual void OnDataReceived(ReadOnlySequence<byte> data)
    {
    }

    /// <summary>Called once when the connection is gone (Twisted's <c>connectionLost</c>).</summary>
    /// <param name="reason">Null for a clean close; otherwise why it ended (reset, timeout, an exception in a callback).</param>
    public virtual void OnConnectionLost(Exception? reason)
    {
    }

    /// <summary>
    /// Gets whether buffered messages must wait: reading is paused (Twisted's LineReceiver stops too), or the replies
    /// already written fill the write buffer (the runner delivers the rest once the peer has read some).
    /// </summary>
    internal bool IsReadingPaused => _transport is Internal.ProtocolRunner { IsDeliveryHeld: true };

    /// <summary>Flushes writes made outside a callback and waits for room in the output: back-pressure for library protocols that stream (files).</summary>
    internal ValueTask DrainAsync() => _transport is Internal.ProtocolRunner runner ? runner.DrainAsync() : ValueTask.CompletedTask;

    /// <summary>Runs this protocol over a client's connection until it ends (the connection is not disposed); for the client connectors.</summary>
    internal Task RunAsClientAsync(Netwright.Transport.Connection connection, long maxWriteBufferSize) =>
        new Internal.ProtocolRunner(connection, this, server: null, maxWriteBufferSize).RunAsync();

    /// <summary>Gets the bytes written and not yet sent (0 on transports that do not count them); a chat server limits it per client.</summary>
    internal long UnsentBytes => _transport is Internal.ProtocolRunner runner ? runner.UnsentBytes : 0;

    /// <summary>Gets how many unsent bytes writers outside the callbacks may pile up before the transport drops the connection.</summary>
    internal long WriteDropLimit => _transport is Internal.ProtocolRunner runner ? runner.WriteDropLimit : long.MaxValue;

    /// <summary>Queues bytes and lets a later <see cref="FlushWritten"/> send them, so a broadcast costs one flush per batch, not per message.</summary>
    internal void WriteWithoutFlush(ReadOnlySpan<byte> data)
    {
        if (_transport is Internal.ProtocolRunner runner)
        {
            runner.WriteWithoutFlush(data);
        }
        else
        {
            Transport.Write(data);
        }
    }

    /// <summary>Sends what <see cref="WriteWithoutFlush"/> queued.</summary>
    internal void FlushWritten() => (_transport as Internal.ProtocolRunner)?.FlushWritten();

    /// <summary>Attaches the transport and applies the server's settings; called by the runner before <see cref="OnConnected"/>.</summary>
    internal virtual void Attach(ITransport transport, ServerContext? server) => _transport = transport;

    /// <summary>Delivers received bytes and returns how far they were consumed; framing protocols keep the rest buffered.</summary>
    internal virtual SequencePosition Deliver(in ReadOnlySequence<byte> data)
    {
        OnDataReceived(data);
        return data.End;
    }

    /// <summary>How long unconsumed bytes may wait before <see cref="DeliverStalled"/>; infinite for never.</summary>
    internal virtual TimeSpan StallDelay => Timeout.InfiniteTimeSpan;

    /// <summary>Called when unconsumed bytes waited <see cref="StallDelay"/> with nothing new arriving.</summary>
    internal virtual SequencePosition DeliverStalled(in ReadOnlySequence<byte> data) => data.Start;

    /// <summary>Gets whether bytes left unconsumed are the start of a message that must finish within <see cref="ApplicationOptions.MessageTimeout"/>.</summary>
    internal virtual bool TimesMessages => false;

    /// <summary>Gets what a message is called in the timeout's error (a line, a frame).</summary>
    internal virtual string MessageKind => "message";

    /// <summary>Called when a message that began did not finish in time; the runner closes the connection after it.</summary>
    /// <param name="error">The <see cref="Framing.FramingError.MessageTimeout"/> error, to answer with where the protocol can.</param>
    internal virtual void OnMessageTimedOut(Framing.FramingException error)
    {
    }

    /// <summary>Called at the end of the stream with the bytes no message consumed.</summary>
    internal virtual void DeliverEndOfStream(in ReadOnlySequence<byte> remaining)
    {
    }
}
