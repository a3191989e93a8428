using System.CommandLine;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Serve;

/// <summary>
/// <c>--engine</c> and <c>--reactors</c>: which transport engine a server runs on. Shared by <c>serve SERVICE</c>
/// and <c>serve files</c>, so every server the command starts can run on either engine.
/// </summary>
internal sealed class ServeEngineOptions
{
    private readonly Option<TransportEngine> _engine = new("--engine")
    {
        Description = "Transport engine: epoll (Linux: --reactors threads, fewer system calls per message, datagrams taken in batches with recvmmsg; the default there) or sockets (.NET sockets, any OS)",
        // The services never block, which is what the single reactor thread needs.
        DefaultValueFactory = _ => OperatingSystem.IsLinux() ? TransportEngine.Epoll : TransportEngine.Sockets,
    };

    private readonly Option<int?> _reactors = new("--reactors")
    {
        Description = "Reactor threads of the epoll engine; connections and datagram endpoints are spread across them (default: one per core)",
    };

    /// <summary>Gets both options, to add to a command.</summary>
    public IEnumerable<Option> All => [_engine, _reactors];

    /// <summary>Reads and checks the engine; throws <see cref="ArgumentException"/> for a usage error.</summary>
    public TransportEngine ReadEngine(ParseResult result)
    {
        var engine = result.GetValue(_engine);
        ServeLimitOptions.Require(engine != TransportEngine.Epoll || OperatingSystem.IsLinux(), "--engine epoll runs only on Linux");
        return engine;
    }

    /// <summary>Reads and checks the reactor count (null: the engine's default).</summary>
    public int? ReadReactors(ParseResult result)
    {
        var reactors = result.GetValue(_reactors);
        ServeLimitOptions.Require(reactors is null or (>= 1 and <= ReactorGroup.MaxReactors), $"--reactors must be 1 to {ReactorGroup.MaxReactors}");
        return reactors;
    }

    /// <summary>Sets the engine and the reactor count on <paramref name="transport"/>.</summary>
    public void Apply(ParseResult result, SocketTransportOptions transport)
    {
        transport.Engine = ReadEngine(result);
        if (ReadReactors(result) is { } reactors)
        {
            transport.Reactors = reactors;
        }
    }
}
