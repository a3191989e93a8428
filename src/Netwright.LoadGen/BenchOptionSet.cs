using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Netwright.LoadGen;

/// <summary>The arguments and options of <c>netwright bench</c>, and their validation.</summary>
internal sealed class BenchOptionSet
{
    /// <summary>Datagram payload limit over IPv4 (65535 minus the IP and UDP headers).</summary>
    public const int MaxDatagramSize = 65_507;

    /// <summary>Stream mode: most chunks in flight per connection (each has a send timestamp for its latency).</summary>
    public const int MaxChunksInFlight = 65_536;

    /// <summary>The reply timeout in udp mode when <c>--timeout</c> is not given.</summary>
    public static readonly TimeSpan DefaultUdpTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The connect and echo timeout in the other modes when <c>--timeout</c> is not given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly Argument<string> _endpoint = new("ENDPOINT")
    {
        Description = "The echo server: HOST:PORT, tcp://HOST:PORT, udp://HOST:PORT, unix:///PATH or unixgram:///PATH.",
    };

    private readonly Option<string> _mode = new("--mode", "-m")
    {
        Description = "pingpong, stream, udp, hold, connect, chat-fanout or chat-idle.",
        DefaultValueFactory = _ => "pingpong",
    };

    private readonly Option<int> _connections = new("--connections", "-c")
    {
        Description = "Connections (udp: sockets) to open.",
        DefaultValueFactory = _ => 50,
    };

    private readonly Option<int> _size = new("--size", "-s")
    {
        Description = "Bytes per message, chunk or datagram (udp: at least 8, for the sequence number).",
        DefaultValueFactory = _ => 32,
    };

    private readonly Option<double> _duration = new("--duration", "-d")
    {
        Description = "Seconds to measure (hold: seconds to hold the connections).",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<double> _warmup = new("--warmup", "-w")
    {
        Description = "Seconds to run before measuring (not used by hold).",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<int> _window = new("--window")
    {
        Description = "Stream mode: bytes in flight per connection; chat-fanout: messages not yet delivered to every receiver (default 64).",
        DefaultValueFactory = _ => 64 * 1024,
    };

    private readonly Option<double?> _timeout = new("--timeout")
    {
        Description = "Seconds before a connect or an echo counts as timed out (default 5; udp: reply timeout, default 0.2).",
    };

    private readonly Option<int?> _serverPid = new("--server-pid")
    {
        Description = "Hold mode: report this process's memory (VmRSS) before and after connecting.",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print exactly one JSON object on stdout instead of the summary.",
    };

    private readonly Option<bool> _allowRemote = new("--allow-remote")
    {
        Description = "Allow a target outside 127.0.0.0/8 and ::1.",
    };

    private readonly Option<bool> _live = new("--live")
    {
        Description = "Write a progress line to stderr every second even when stderr is not a terminal.",
    };

    private readonly Option<string> _engine = new("--engine")
    {
        Description = "pingpong and udp engine: epoll (one thread, direct epoll/send/recv; Linux), sockets (.NET async sockets) or auto (epoll where supported).",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<int> _threads = new("--threads", "-t")
    {
        Description = "epoll engine: threads, each with its own epoll set, sharing the connections round robin (default 1).",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<string> _reply = new("--reply")
    {
        Description = "pingpong: what the server answers: echo (every byte back) or timestamp (each line as '[ctime] line', the timestamp service; --size counts the line and its \\n).",
        DefaultValueFactory = _ => "echo",
    };

    private readonly Option<long> _messages = new("--messages")
    {
        Description = "chat-fanout: messages the sender sends to the channel.",
        DefaultValueFactory = _ => ChatDefaults.Messages,
    };

    private readonly Option<double> _rate = new("--rate")
    {
        Description = "chat-fanout: pace the sender to this many deliveries per second (messages/s times receivers); 0 for as fast as --window allows.",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<int> _roomSize = new("--room-size")
    {
        Description = "chat-idle: idle clients per channel.",
        DefaultValueFactory = _ => ChatDefaults.RoomSize,
    };

    /// <summary>Adds every argument and option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_endpoint);
        command.Add(_mode);
        command.Add(_connections);
        command.Add(_size);
        command.Add(_duration);
        command.Add(_warmup);
        command.Add(_window);
        command.Add(_timeout);
        command.Add(_serverPid);
        command.Add(_json);
        command.Add(_allowRemote);
        command.Add(_live);
        command.Add(_engine);
        command.Add(_threads);
        command.Add(_reply);
        command.Add(_messages);
        command.Add(_rate);
        command.Add(_roomSize);
    }

    /// <summary>Reads and validates the parsed values; on failure <paramref name="problem"/> says which value is wrong.</summary>
    public bool TryRead(ParseResult parseResult, [NotNullWhen(true)] out BenchRequest? request, [NotNullWhen(false)] out string? problem)
    {
        request = null;
        if (!TryParseMode(parseResult.GetValue(_mode), out var mode))
        {
            problem = $"--mode must be pingpong, stream, udp, hold, connect, chat-fanout or chat-idle, not '{parseResult.GetValue(_mode)}'";
            return false;
        }

        var connections = parseResult.GetValue(_connections);
        var size = parseResult.GetValue(_size);
        var duration = parseResult.GetValue(_duration);
        var warmup = parseResult.GetValue(_warmup);
        var window = parseResult.GetValue(_window);
        var timeout = parseResult.GetValue(_timeout);
        var serverPid = parseResult.GetValue(_serverPid);
        var threads = parseResult.GetValue(_threads);
        var useEpollEngine = mode is (BenchMode.PingPong or BenchMode.Udp) && parseResult.GetValue(_engine) is ("epoll" or "auto") && EpollEngine.IsSupported;
        var isChat = mode is BenchMode.ChatFanout or BenchMode.ChatIdle;
        var maxSize = mode == BenchMode.Udp ? MaxDatagramSize : isChat ? ChatWire.MaxTextLength : PayloadPattern.MaxChunk;
        var minSize = mode == BenchMode.Udp ? UdpExchange.HeaderSize : isChat ? ChatWire.MinTextLength : 1;
        if (mode == BenchMode.ChatFanout && parseResult.GetResult(_window) is not { Implicit: false })
        {
            window = ChatDefaults.Window;
        }
        problem =
            connections is < 1 or > 1_000_000 ? $"--connections must be between 1 and 1000000, not {connections}"
            : size < minSize || size > maxSize ? $"--size must be between {minSize} and {maxSize} bytes in {BenchReport.ModeName(mode)} mode, not {size}"
            : !(duration > 0 && duration <= 86_400) ? Invariant($"--duration must be more than 0 and at most 86400 seconds, not {duration}")
            : !(warmup >= 0 && warmup <= 3_600) ? Invariant($"--warmup must be between 0 and 3600 seconds, not {warmup}")
            : mode == BenchMode.Stream && (window < size || window > 64 * 1024 * 1024) ? $"--window must be at least --size ({size}) and at most 67108864 bytes, not {window}"
            : mode == BenchMode.Stream && window / size > MaxChunksInFlight ? $"--window {window} holds more than {MaxChunksInFlight} chunks of --size {size}; use a larger --size or a smaller --window"
            : timeout is { } t && !(t > 0 && t <= 3_600) ? Invariant($"--timeout must be more than 0 and at most 3600 seconds, not {t}")
            : serverPid is <= 0 ? $"--server-pid must be a process id, not {serverPid}"
            : EngineProblem(parseResult.GetValue(_engine), mode)
            ?? ReplyProblem(parseResult.GetValue(_reply), mode, size)
            ?? ThreadsProblem(threads, connections, useEpollEngine)
            ?? ChatProblem(mode, parseResult.GetValue(_messages), parseResult.GetValue(_rate), window, parseResult.GetValue(_roomSize), connections);
        if (problem is not null)
        {
            return false;
        }

        request = new BenchRequest(
            parseResult.GetValue(_endpoint) ?? string.Empty,
            mode,
            connections,
            size,
            TimeSpan.FromSeconds(duration),
            TimeSpan.FromSeconds(warmup),
            window,
            timeout is { } seconds ? TimeSpan.FromSeconds(seconds) : mode == BenchMode.Udp ? DefaultUdpTimeout : DefaultTimeout)
        {
            ServerPid = serverPid,
            Json = parseResult.GetValue(_json),
            AllowRemote = parseResult.GetValue(_allowRemote),
            Live = parseResult.GetValue(_live),
            Reply = parseResult.GetValue(_reply) == "timestamp" ? BenchReply.Timestamp : BenchReply.Echo,
            UseEpollEngine = useEpollEngine,
            Threads = threads,
            ChatMessages = parseResult.GetValue(_messages),
            ChatRate = parseResult.GetValue(_rate),
            ChatWindow = window,
            ChatRoomSize = parseResult.GetValue(_roomSize),
        };
        return true;
    }

    private static string? ChatProblem(BenchMode mode, long messages, double rate, int window, int roomSize, int connections) => mode switch
    {
        BenchMode.ChatFanout or BenchMode.ChatIdle when !EpollEngine.IsSupported => $"--mode {BenchReport.ModeName(mode)} needs Linux (it runs on the generator's epoll engine)",
        BenchMode.ChatFanout when messages is < 1 or > 100_000_000 => $"--messages must be between 1 and 100000000, not {messages}",
        BenchMode.ChatFanout when !(rate >= 0 && rate <= 100_000_000) => Invariant($"--rate must be between 0 and 100000000 deliveries per second, not {rate}"),
        BenchMode.ChatFanout when rate > 0 && rate / connections > 1_000_000 => Invariant($"--rate {rate} over {connections} receivers is more than 1000000 messages per second"),
        BenchMode.ChatFanout when window is < 1 or > 65_536 => $"--window must be between 1 and 65536 messages in chat-fanout mode, not {window}",
        BenchMode.ChatIdle when roomSize is < 1 or > 100_000 => $"--room-size must be between 1 and 100000, not {roomSize}",
        _ => null,
    };

    private static string? EngineProblem(string? engine, BenchMode mode) => engine switch
    {
        "auto" or "sockets" => null,
        "epoll" when mode is not (BenchMode.PingPong or BenchMode.Udp) => "--engine epoll applies to --mode pingpong and udp only",
        "epoll" when !EpollEngine.IsSupported => "--engine epoll needs Linux; use --engine sockets",
        "epoll" => null,
        _ => $"--engine must be auto, epoll or sockets, not '{engine}'",
    };

    private static string? ReplyProblem(string? reply, BenchMode mode, int size) => reply switch
    {
        "echo" => null,
        "timestamp" when mode != BenchMode.PingPong => "--reply timestamp applies to --mode pingpong only",
        "timestamp" when size < 2 => $"--size must be at least 2 with --reply timestamp (a printable byte and \\n), not {size}",
        "timestamp" => null,
        _ => $"--reply must be echo or timestamp, not '{reply}'",
    };

    private static string? ThreadsProblem(int threads, int connections, bool useEpollEngine) =>
        threads is < 1 or > 256 ? $"--threads must be between 1 and 256, not {threads}"
        : threads > connections ? $"--threads {threads} is more than --connections {connections}"
        : threads > 1 && !useEpollEngine ? "--threads applies to the epoll engine (pingpong and udp on Linux); the sockets engine runs on the .NET thread pool"
        : null;

    private static bool TryParseMode(string? text, out BenchMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "pingpong" or "ping-pong": mode = BenchMode.PingPong; return true;
            case "stream": mode = BenchMode.Stream; return true;
            case "udp": mode = BenchMode.Udp; return true;
            case "hold": mode = BenchMode.Hold; return true;
            case "connect": mode = BenchMode.Connect; return true;
            case "chat-fanout" or "chatfanout": mode = BenchMode.ChatFanout; return true;
            case "chat-idle" or "chatidle": mode = BenchMode.ChatIdle; return true;
            default: mode = default; return false;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
