namespace Netwright.Transport;

/// <summary>
/// Which engine a server runs its endpoints on: it moves bytes between stream sockets and a
/// <see cref="Connection"/>'s pipes, and receives and answers datagrams.
/// </summary>
public enum TransportEngine
{
    /// <summary>The .NET <c>Socket</c> asynchronous API; portable, the default.</summary>
    Sockets,

    /// <summary>
    /// A level-triggered <c>epoll</c> loop on one reactor thread that calls <c>recv</c> and <c>send</c> directly,
    /// as a C epoll server does: fewer system calls per small message. Datagram endpoints take up to 64 queued
    /// datagrams per <c>recvmmsg</c> call and answer with a direct <c>sendto</c>. Linux only.
    /// </summary>
    Epoll,
}
