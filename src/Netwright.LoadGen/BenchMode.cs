namespace Netwright.LoadGen;

/// <summary>The load patterns <c>netwright bench</c> can generate.</summary>
internal enum BenchMode
{
    /// <summary>One message in flight per connection; measures round trips and latency.</summary>
    PingPong,

    /// <summary>A window of bytes in flight per connection; measures echoed throughput.</summary>
    Stream,

    /// <summary>Datagram ping-pong with a reply timeout; counts lost and late replies.</summary>
    Udp,

    /// <summary>Opens many idle connections, holds them, then probes each once.</summary>
    Hold,

    /// <summary>Opens a connection (with the TLS handshake for a tls:// target), makes one echo, closes; measures connections per second.</summary>
    Connect,

    /// <summary>IRC clients in one channel, one sender: the chat server's deliveries per second and their delay.</summary>
    ChatFanout,

    /// <summary>Registers many idle IRC clients, holds them, probes each with PING; the chat server's memory per client.</summary>
    ChatIdle,
}
