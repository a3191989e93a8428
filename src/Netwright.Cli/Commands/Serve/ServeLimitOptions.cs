using System.CommandLine;
using Netwright.Servers;

namespace Netwright.Cli.Commands.Serve;

/// <summary>
/// The options of <c>serve</c> that guard a public server: port sharing, buffer limits, timeouts and access
/// control. Each one maps to a <see cref="NetServerOptions"/> setting and defaults to the library's default.
/// </summary>
internal sealed class ServeLimitOptions
{
    private static readonly NetServerOptions s_defaults = new();

    private readonly Option<bool> _reusePort = new("--reuse-port")
    {
        Description = "Share the port with other servers that also ask for it (SO_REUSEPORT; the kernel splits connections between them). Without it a port in use fails with exit code 3",
    };

    private readonly Option<long> _maxReadBuffer = new("--max-read-buffer")
    {
        Description = "Bytes received but not yet processed, per connection, before reading pauses",
        DefaultValueFactory = _ => s_defaults.Transport.MaxReadBufferSize,
    };

    private readonly Option<long> _maxWriteBuffer = new("--max-write-buffer")
    {
        Description = "Bytes of replies waiting for a slow reader, per connection, before the service waits",
        DefaultValueFactory = _ => s_defaults.Transport.MaxWriteBufferSize,
    };

    public IEnumerable<Option> All => [_reusePort, _maxReadBuffer, _maxWriteBuffer];

    /// <summary>Checks the values and returns what to apply to the server's options.</summary>
    /// <exception cref="ArgumentException">A value is out of range (a usage error).</exception>
    public Action<NetServerOptions> Read(ParseResult result)
    {
        var reusePort = result.GetValue(_reusePort);
        var maxRead = result.GetValue(_maxReadBuffer);
        var maxWrite = result.GetValue(_maxWriteBuffer);
        Require(maxRead >= 1024, "--max-read-buffer must be at least 1024 bytes");
        Require(maxWrite >= 1024, "--max-write-buffer must be at least 1024 bytes");
        Require(!reusePort || !OperatingSystem.IsWindows(), "--reuse-port needs SO_REUSEPORT, which Windows does not have");
        return options =>
        {
            options.Transport.ReusePort = reusePort;
            options.Transport.MaxReadBufferSize = maxRead;
            options.Transport.MaxWriteBufferSize = maxWrite;
        };
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
