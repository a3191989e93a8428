namespace Netwright.Transport;

/// <summary>Which engine moves bytes between stream sockets and a <see cref="Connection"/>'s pipes.</summary>
public enum TransportEngine
{
    /// <summary>The .NET <c>Socket</c> asynchronous API; portable, the default.</summary>
    Sockets,

    /// <summary>
    /// A level-triggered <c>epoll</c> loop on one reactor thread that calls <c>recv</c> and <c>send</c> directly,
    /// as a C epoll server does: fewer system calls per small message. Linux only.
    /// </summary>
    Epoll,
}
