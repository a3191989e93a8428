using Netwright.Protocols;

namespace Netwright.Clients;

/// <summary>A client connection run by an event-style <see cref="Protocol"/>, returned by <see cref="ProtocolConnector.ConnectAsync"/>.</summary>
public sealed class ProtocolConnection
{
    internal ProtocolConnection(Protocol protocol, Task completion)
    {
        Protocol = protocol;
        Completion = completion;
    }

    /// <summary>Gets the protocol driving the connection.</summary>
    public Protocol Protocol { get; }

    /// <summary>
    /// Gets a task that completes once the connection is lost and <see cref="Protocol.OnConnectionLost"/> has run;
    /// it faults only when a protocol callback threw.
    /// </summary>
    public Task Completion { get; }
}
