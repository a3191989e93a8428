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

    private readonly Option<double> _messageTimeout = new("--message-timeout")
    {
        Description = "Seconds a line (or frame) may take to arrive once it has begun; a slower one (slowloris) gets an error, then a close. 0 for no limit",
        DefaultValueFactory = _ => s_defaults.MessageTimeout.TotalSeconds,
    };

    private readonly Option<double> _writeTimeout = new("--write-timeout")
    {
        Description = "Drop a client that takes no bytes for this many seconds while replies wait for it. 0 for never",
        DefaultValueFactory = _ => s_defaults.WriteTimeout!.Value.TotalSeconds,
    };

    private readonly Option<string[]> _allow = Repeatable("--allow", "Accept only clients in this network (CIDR or address; repeatable; IPv4 and IPv6). Default: everyone");
    private readonly Option<string[]> _deny = Repeatable("--deny", "Refuse clients in this network (CIDR or address; repeatable); wins over --allow");
    private readonly Option<string[]> _allowFile = Repeatable("--allow-file", "Read --allow networks from a file, one per line ('#' starts a comment)");
    private readonly Option<string[]> _denyFile = Repeatable("--deny-file", "Read --deny networks from a file, one per line ('#' starts a comment)");

    private readonly Option<int?> _maxPerAddress = new("--max-connections-per-address")
    {
        Description = "Most connections one client address may hold open; 0 for no cap (default: no cap; chat: 10)",
    };

    private readonly Option<double?> _ratePerAddress = new("--max-connection-rate")
    {
        Description = "New connections per second one client address may open, on average, with bursts of one second's worth (default: no cap)",
    };

    private readonly Option<double> _datagramRate = new("--max-datagram-rate")
    {
        Description = "UDP and Unix datagrams per second one source (address and port) may have answered, on average, with bursts of one second's worth; more are dropped unanswered with one log line per interval. 0 for no limit",
        DefaultValueFactory = _ => AccessControlOptions.DefaultDatagramRatePerSource,
    };

    private readonly Option<int> _datagramBuffer = new("--datagram-receive-buffer")
    {
        Description = "Receive buffer (SO_RCVBUF) of each UDP and Unix datagram endpoint, in bytes; the kernel caps it at net.core.rmem_max. 0 for the system default",
        DefaultValueFactory = _ => s_defaults.Transport.DatagramReceiveBufferSize,
    };

    /// <summary>Whether <c>--max-connections-per-address</c> was given (0 included, which turns the cap off).</summary>
    public bool IsPerAddressCapGiven(ParseResult result) => result.GetResult(_maxPerAddress) is { Implicit: false };

    public IEnumerable<Option> All => [_reusePort, _maxReadBuffer, _maxWriteBuffer, _messageTimeout, _writeTimeout, _allow, _deny, _allowFile, _denyFile, _maxPerAddress, _ratePerAddress, _datagramRate, _datagramBuffer];

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
        var messageTimeout = result.GetValue(_messageTimeout);
        var writeTimeout = result.GetValue(_writeTimeout);
        Require(messageTimeout >= 0, "--message-timeout cannot be negative");
        Require(writeTimeout >= 0, "--write-timeout cannot be negative");
        var perAddress = result.GetValue(_maxPerAddress);
        var rate = result.GetValue(_ratePerAddress);
        Require(perAddress is null or >= 0, "--max-connections-per-address cannot be negative");
        perAddress = perAddress == 0 ? null : perAddress;
        Require(rate is null or > 0, "--max-connection-rate must be more than 0");
        var datagramRate = result.GetValue(_datagramRate);
        var datagramBuffer = result.GetValue(_datagramBuffer);
        Require(datagramBuffer >= 0, "--datagram-receive-buffer cannot be negative (0 keeps the system default)");
        Require(datagramRate >= 0 && double.IsFinite(datagramRate), "--max-datagram-rate cannot be negative (0 turns the limit off)");
        var allow = Networks(result, _allow, _allowFile);
        var deny = Networks(result, _deny, _denyFile);
        return options =>
        {
            options.AccessControl.MaxConnectionsPerAddress = perAddress;
            options.AccessControl.MaxConnectionRatePerAddress = rate;
            options.AccessControl.MaxDatagramRatePerSource = datagramRate;
            foreach (var network in allow)
            {
                options.AccessControl.Allow.Add(network);
            }

            foreach (var network in deny)
            {
                options.AccessControl.Deny.Add(network);
            }

            options.MessageTimeout = messageTimeout > 0 ? TimeSpan.FromSeconds(messageTimeout) : Timeout.InfiniteTimeSpan;
            options.WriteTimeout = writeTimeout > 0 ? TimeSpan.FromSeconds(writeTimeout) : null;
            options.Transport.ReusePort = reusePort;
            options.Transport.MaxReadBufferSize = maxRead;
            options.Transport.MaxWriteBufferSize = maxWrite;
            options.Transport.DatagramReceiveBufferSize = datagramBuffer;
        };
    }

    private static List<System.Net.IPNetwork> Networks(ParseResult result, Option<string[]> inline, Option<string[]> files)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var text in result.GetValue(inline) ?? [])
        {
            networks.Add(Parse(text, inline.Name));
        }

        foreach (var path in result.GetValue(files) ?? [])
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{files.Name} {path}: {ex.Message}", ex);
            }

            for (var i = 0; i < lines.Length; i++)
            {
                var text = lines[i].Split('#', 2)[0].Trim();
                if (text.Length > 0)
                {
                    networks.Add(Parse(text, $"{files.Name} {path} line {i + 1}:"));
                }
            }
        }

        return networks;
    }

    private static System.Net.IPNetwork Parse(string text, string where)
    {
        try
        {
            return AccessControlOptions.ParseNetwork(text);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{where} {ex.Message}", ex);
        }
    }

    private static Option<string[]> Repeatable(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        DefaultValueFactory = _ => [],
    };

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
