using System.CommandLine;
using System.Globalization;
using Netwright.Services.Chat;

namespace Netwright.Cli.Commands.Serve;

/// <summary>The options <c>serve chat</c> adds: names, MOTD, password, operators and the limits that can be turned off.</summary>
internal sealed class ChatServeOptions
{
    private readonly Option<string?> _serverName = new("--server-name") { Description = "chat: the server's name, the prefix of its IRC messages (default: the host name)" };
    private readonly Option<string?> _network = new("--network") { Description = "chat: the network name shown to IRC clients (default: Netwright)" };
    private readonly Option<string?> _motd = new("--motd") { Description = "chat: a file whose lines are the message of the day" };
    private readonly Option<string?> _password = new("--password") { Description = "chat: the server password IRC clients send with PASS (plain clients are then refused)" };

    private readonly Option<string[]> _oper = new("--oper")
    {
        Description = "chat: an operator, NAME:PASSWORD-FILE (the file's first line is the password; repeatable)",
        DefaultValueFactory = _ => [],
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<int> _nickLength = new("--nick-length") { Description = "chat: the longest nickname", DefaultValueFactory = _ => 30 };
    private readonly Option<double> _floodRate = new("--flood-rate") { Description = "chat: lines per second a client may send on average; 0 turns the flood limit off", DefaultValueFactory = _ => 5 };

    private readonly Option<string?> _redis = new("--redis") { Description = "chat: join a cluster of chat servers through Redis at HOST:PORT (docs/chat.md)" };
    private readonly Option<double> _redisLease = new("--redis-lease") { Description = "chat: seconds a dead node's nicknames stay claimed (the lease it renews)", DefaultValueFactory = _ => 10 };

    public IEnumerable<Option> All => [_serverName, _network, _motd, _password, _oper, _nickLength, _floodRate, _redis, _redisLease];

    /// <summary>The Redis backplane's settings when <c>--redis</c> was given, else null.</summary>
    public global::Netwright.Chat.Redis.RedisChatBackplaneOptions? ReadRedis(ParseResult result, string network)
    {
        if (result.GetValue(_redis) is not { } redis)
        {
            Require(result.GetResult(_redisLease) is null or { Implicit: true }, "--redis-lease needs --redis");
            return null;
        }

        var lease = result.GetValue(_redisLease);
        Require(redis.Length > 0 && !redis.Any(char.IsWhiteSpace), "--redis expects HOST:PORT");
        Require(lease is >= 1 and <= 3600, "--redis-lease must be between 1 and 3600 seconds");
        return new global::Netwright.Chat.Redis.RedisChatBackplaneOptions { Configuration = redis, Lease = TimeSpan.FromSeconds(lease), KeyPrefix = $"netwright:chat:{network}:" };
    }

    /// <summary>Whether any chat-only option was given (they mean nothing to the other services).</summary>
    public bool AnyGiven(ParseResult result) => All.Any(o => result.GetResult(o) is { Implicit: false });

    /// <summary>Builds the chat's options; a bad value or an unreadable file is an <see cref="ArgumentException"/>.</summary>
    public ChatOptions Read(ParseResult result)
    {
        var options = new ChatOptions
        {
            NickLength = result.GetValue(_nickLength),
            FloodRate = result.GetValue(_floodRate),
            Password = result.GetValue(_password),
        };
        Require(options.NickLength is >= 1 and <= 100, "--nick-length must be between 1 and 100");
        Require(options.FloodRate >= 0, "--flood-rate cannot be negative");
        if (result.GetValue(_serverName) is { } name)
        {
            Require(name.Length > 0 && !name.Any(c => c <= ' '), "--server-name must be one word");
            options.ServerName = name;
        }

        if (result.GetValue(_network) is { } network)
        {
            Require(network.Length > 0 && !network.Any(c => c <= ' '), "--network must be one word");
            options.NetworkName = network;
        }

        if (result.GetValue(_motd) is { } motd)
        {
            options.Motd = ReadFile(motd, "--motd").Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        }

        foreach (var oper in result.GetValue(_oper)!)
        {
            var colon = oper.IndexOf(':', StringComparison.Ordinal);
            Require(colon > 0 && colon < oper.Length - 1, $"--oper expects NAME:PASSWORD-FILE, not '{oper}'");
            var password = ReadFile(oper[(colon + 1)..], "--oper").Split('\n')[0].TrimEnd('\r');
            Require(password.Length > 0, $"--oper {oper[..colon]}: the password file is empty");
            options.Operators[oper[..colon]] = password;
        }

        return options;
    }

    private static string ReadFile(string path, string option)
    {
        try
        {
            return File.ReadAllText(path).TrimEnd('\n', '\r');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option}: cannot read {path}: {ex.Message}"), ex);
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
