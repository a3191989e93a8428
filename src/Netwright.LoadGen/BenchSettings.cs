using System.Net;
using System.Net.Sockets;

namespace Netwright.LoadGen;

/// <summary>A validated <c>netwright bench</c> invocation.</summary>
/// <param name="Mode">The load pattern.</param>
/// <param name="Target">Where to connect, already resolved.</param>
/// <param name="EndpointText">The endpoint as reported (<c>tcp://127.0.0.1:5000</c>).</param>
/// <param name="Connections">Connections (or UDP sockets) to open.</param>
/// <param name="Size">Bytes per message, chunk or datagram.</param>
/// <param name="Duration">How long to measure (hold: how long to hold).</param>
/// <param name="Warmup">How long to run before measuring.</param>
/// <param name="Window">Stream mode: bytes in flight per connection.</param>
/// <param name="Timeout">Connect and echo timeout (UDP: reply timeout).</param>
internal sealed record BenchSettings(
    BenchMode Mode,
    EndPoint Target,
    string EndpointText,
    int Connections,
    int Size,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Window,
    TimeSpan Timeout)
{
    /// <summary>Gets the process whose memory hold mode reports, if any.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Gets whether the once-a-second progress line is written to stderr.</summary>
    public bool Live { get; init; }

    /// <summary>Gets whether pingpong or udp runs on <see cref="EpollEngine"/> instead of <see cref="Socket"/> async calls.</summary>
    public bool UseEpollEngine { get; init; }

    /// <summary>Gets what the pingpong server answers (<c>--reply</c>).</summary>
    public BenchReply Reply { get; init; }

    /// <summary>Gets the TLS settings for a <c>tls://</c> target, or null for plain connections.</summary>
    public BenchTls? Tls { get; init; }

    /// <summary>Gets how many <see cref="EpollEngine"/>s (one thread each) share the connections; 1 unless <c>--threads</c>.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Gets the messages the chat-fanout sender sends (<c>--messages</c>).</summary>
    public long ChatMessages { get; init; } = ChatDefaults.Messages;

    /// <summary>Gets the chat-fanout pace in deliveries per second (<c>--rate</c>); 0 for as fast as the window allows.</summary>
    public double ChatRate { get; init; }

    /// <summary>Gets the closed-loop chat-fanout window: messages sent but not yet delivered to every receiver (<c>--window</c>).</summary>
    public int ChatWindow { get; init; } = ChatDefaults.Window;

    /// <summary>Gets how many chat-idle clients share a channel (<c>--room-size</c>).</summary>
    public int ChatRoomSize { get; init; } = ChatDefaults.RoomSize;

    /// <summary>Gets how many connects run at once.</summary>
    public int ConnectConcurrency { get; init; } = 256;
}
