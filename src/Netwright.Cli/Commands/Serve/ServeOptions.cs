using System.CommandLine;
using System.CommandLine.Parsing;
using Netwright.Services;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>The options of <c>serve</c>; endpoint texts are checked while parsing so a bad one is a usage error.</summary>
internal sealed class ServeOptions
{
    private readonly Argument<string> _service = new("service")
    {
        Description = "The service: " + string.Join(", ", ServiceCatalog.All.Select(s => s.Name)) + ", chat (none with --config)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>Gets the operator's options (<c>--config</c>, <c>--stats</c>, <c>--log-format</c>, <c>--metrics-prometheus</c>).</summary>
    public Operations.ServeOperationOptions Operations { get; } = new();

    private readonly Option<string[]> _tcp = Listener("--tcp", "Listen on TCP at [HOST:]PORT (repeatable)");
    private readonly Option<string[]> _udp = Listener("--udp", "Listen on UDP at [HOST:]PORT (repeatable)");
    private readonly Option<string[]> _unix = Listener("--unix", "Listen on a Unix stream socket at PATH (repeatable)");
    private readonly Option<string[]> _unixgram = Listener("--unixgram", "Listen on a Unix datagram socket at PATH (repeatable)");

    private readonly Option<ServiceStyle> _style = new("--style")
    {
        Description = "Programming style: handler (socketserver) or event (Twisted); same behaviour",
        DefaultValueFactory = _ => ServiceStyle.Handler,
    };

    private readonly Option<int> _maxConnections = new("--max-connections")
    {
        Description = "Most connections open at once; more are closed at once",
        DefaultValueFactory = _ => 10_000,
    };

    private readonly Option<double> _idleTimeout = new("--idle-timeout")
    {
        Description = "Close connections that move no byte either way for this many seconds; 0 for never",
        DefaultValueFactory = _ => new Servers.NetServerOptions().IdleTimeout!.Value.TotalSeconds,
    };

    private readonly Option<double> _shutdownTimeout = new("--shutdown-timeout")
    {
        Description = "Seconds Ctrl+C waits for open connections before aborting them",
        DefaultValueFactory = _ => 5,
    };

    private readonly Option<int> _maxLineLength = new("--max-line-length")
    {
        Description = "Longest line accepted, in bytes",
        DefaultValueFactory = _ => 16_384,
    };

    private readonly ServeEngineOptions _engine = new();

    private readonly ChatServeOptions _chat = new();


    private readonly ServeLimitOptions _limits = new();
    private readonly ServeTlsOptions _tls = new();

    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Do not log each connection" };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Log connection details (debug level)" };

    public void AddTo(Command command)
    {
        command.Add(_service);
        foreach (var option in new Option[] { _tcp, _udp, _unix, _unixgram, _style, _maxConnections, _idleTimeout, _shutdownTimeout, _maxLineLength, _quiet, _verbose }.Concat(_engine.All).Concat(_limits.All))
        {
            command.Add(option);
        }

        foreach (var option in _chat.All)
        {
            command.Add(option);
        }

        foreach (var option in Operations.All)
        {
            command.Add(option);
        }

        _tls.AddTo(command);
        command.Validators.Add(Validate);
    }

    public ServeSettings Read(ParseResult result)
    {
        var isChat = IsChat(result.GetValue(_service));
        var service = isChat ? null : ServiceCatalog.Find(result.GetValue(_service)!)!;
        Require(isChat || !_chat.AnyGiven(result), "the chat options (--server-name, --flood-rate, ...) apply to serve chat only");
        // Chat is Twisted's chat example, built once in the event style; a handler-style request must not run it silently.
        Require(!isChat || result.GetResult(_style) is not { Implicit: false } || result.GetValue(_style) == ServiceStyle.Event, "chat runs in the event style only: leave out --style or give --style event");
        Require(!isChat || (result.GetValue(_udp)!.Length == 0 && result.GetValue(_unixgram)!.Length == 0), "chat serves streams only: --tcp or --unix");
        var endpoints = new List<NetEndPoint>();
        endpoints.AddRange(result.GetValue(_tcp)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.Tcp)));
        endpoints.AddRange(result.GetValue(_udp)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.Udp)));
        endpoints.AddRange(result.GetValue(_unix)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.Unix)));
        endpoints.AddRange(result.GetValue(_unixgram)!.Select(text => NetEndPoint.ParseListen(text, TransportKind.UnixDatagram)));
        var tls = _tls.Read(result);
        if (endpoints.Count == 0 && tls is null)
        {
            endpoints.Add(NetEndPoint.Tcp("127.0.0.1", service?.DefaultPort ?? Services.Chat.ChatServer.DefaultPort));
        }

        var idle = result.GetValue(_idleTimeout);
        Require(result.GetValue(_maxConnections) >= 1, "--max-connections must be at least 1");
        Require(idle >= 0, "--idle-timeout cannot be negative");
        Require(result.GetValue(_shutdownTimeout) >= 0, "--shutdown-timeout cannot be negative");
        Require(result.GetValue(_maxLineLength) >= 1, "--max-line-length must be at least 1");
        var chat = isChat ? ReadChat(result) : null;
        return new ServeSettings(
            service,
            endpoints,
            result.GetValue(_style),
            result.GetValue(_maxConnections),
            idle > 0 ? TimeSpan.FromSeconds(idle) : null,
            TimeSpan.FromSeconds(result.GetValue(_shutdownTimeout)),
            result.GetValue(_maxLineLength),
            result.GetValue(_quiet),
            result.GetValue(_verbose),
            _engine.ReadEngine(result),
            _engine.ReadReactors(result),
            _limits.Read(result),
            tls,
            chat,
            chat is null ? null : _chat.ReadRedis(result, chat.NetworkName));
    }

    private Services.Chat.ChatOptions ReadChat(ParseResult result)
    {
        var options = _chat.Read(result);
        // --max-connections-per-address is the server's cap for every service; the chat keeps its own default (10) only when it is not given.
        options.MaxConnectionsPerAddress = _limits.IsPerAddressCapGiven(result) ? 0 : options.MaxConnectionsPerAddress;
        return options;
    }

    private void Validate(CommandResult result)
    {
        var name = result.GetValue(_service);
        Operations.Validate(result);
        var hasConfig = result.GetValue<string?>("--config") is not null;
        if (name is null && !hasConfig)
        {
            result.AddError("give a service (" + string.Join(", ", ServiceCatalog.All.Select(s => s.Name)) + ", chat) or --config FILE");
        }
        else if (name is not null && hasConfig)
        {
            result.AddError($"--config serves the file's listeners; leave out the service '{name}'");
        }

        if (name is not null && ServiceCatalog.Find(name) is null && !IsChat(name))
        {
            result.AddError($"unknown service '{name}': expected one of {string.Join(", ", ServiceCatalog.All.Select(s => s.Name))}, chat");
        }

        CheckEndpoints(result, _tcp, TransportKind.Tcp);
        CheckEndpoints(result, _udp, TransportKind.Udp);
        CheckEndpoints(result, _unix, TransportKind.Unix);
        CheckEndpoints(result, _unixgram, TransportKind.UnixDatagram);
        _tls.Validate(result);
    }

    private static bool IsChat(string? name) => string.Equals(name, "chat", StringComparison.OrdinalIgnoreCase);

    private static void CheckEndpoints(CommandResult result, Option<string[]> option, TransportKind kind)
    {
        foreach (var text in result.GetValue(option) ?? [])
        {
            try
            {
                NetEndPoint.ParseListen(text, kind);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or Errors.UnknownServiceException)
            {
                result.AddError($"{option.Name} {ex.Message}");
            }
        }
    }

    private static void Require(bool condition, string message) => ServeLimitOptions.Require(condition, message);

    private static Option<string[]> Listener(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };
}
