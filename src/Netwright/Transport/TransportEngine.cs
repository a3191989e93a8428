namespace Netwright.Transport;

/// <summary>
/// Which engine a server runs its endpoints on: it moves bytes between stream sockets and a
/// <see cref="Connection"/>'s pipes, and receives and answers datagrams.
/// </summary>
public enum TransportEngine
{
    /// <summary>The .NET <see cref="System.Net.Sockets.Socket"/> asynchronous API; portable, the default.</summary>
    Sockets,

    /// <summary>
    /// Level-triggered <c>epoll</c> loops, one per reactor thread of a <see cref="ReactorGroup"/> (<see cref="SocketTransportOptions.Reactors"/>),
    /// that call <c>recv</c> and <c>send</c> directly,
    /// as a C epoll server does: fewer system calls per small message. Datagram endpoints take up to 64 queued
    /// datagrams per <c>recvmmsg</c> call and answer with a direct <c>sendto</c>. Linux only.
    /// </summary>
    Epoll,
}
