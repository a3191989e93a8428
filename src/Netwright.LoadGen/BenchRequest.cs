using System.Net;

namespace Netwright.LoadGen;

/// <summary>The validated options of one <c>netwright bench</c> invocation, before the endpoint is resolved.</summary>
internal sealed record BenchRequest(
    string Endpoint,
    BenchMode Mode,
    int Connections,
    int Size,
    TimeSpan Duration,
    TimeSpan Warmup,
    int Window,
    TimeSpan Timeout)
{
    public int? ServerPid { get; init; }

    public bool Json { get; init; }

    public bool AllowRemote { get; init; }

    public bool Live { get; init; }

    public bool UseEpollEngine { get; init; }

    public BenchReply Reply { get; init; }

    /// <summary>Gets the epoll engine's thread count (<c>--threads</c>).</summary>
    public int Threads { get; init; } = 1;

    public long ChatMessages { get; init; } = ChatDefaults.Messages;

    public double ChatRate { get; init; }

    public int ChatWindow { get; init; } = ChatDefaults.Window;

    public int ChatRoomSize { get; init; } = ChatDefaults.RoomSize;

    /// <summary>Returns the run settings for the resolved <paramref name="target"/>.</summary>
    public BenchSettings ToSettings(EndPoint target, string endpointText) =>
        new(Mode, target, endpointText, Connections, Size, Duration, Warmup, Window, Timeout)
        {
            ServerPid = ServerPid,
            Live = Live,
            UseEpollEngine = UseEpollEngine,
            Reply = Reply,
            Threads = Threads,
            ChatMessages = ChatMessages,
            ChatRate = ChatRate,
            ChatWindow = ChatWindow,
            ChatRoomSize = ChatRoomSize,
        };
}
