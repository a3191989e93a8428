using System.CommandLine;
using Netwright.Services.Files;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Files;

/// <summary>The options every file client command shares: token, verification, timeouts, JSON output, TLS.</summary>
internal sealed class ClientOptionSet
{
    private readonly TlsClientFlags _tls = new();
    private readonly TextWriter _warnings;

    public ClientOptionSet(TextWriter warnings)
    {
        _warnings = warnings;
    }

    public Option<string?> Token { get; } = new("--token") { Description = "Shared secret the server asks for (default: $NETWRIGHT_TOKEN)" };

    public Option<string> Verify { get; } = new("--verify")
    {
        Description = "How each file is verified: sha256 (default) or xxh128 (faster, not cryptographic)",
        DefaultValueFactory = _ => "sha256",
    };

    public Option<double> Timeout { get; } = new("--timeout", "-w") { Description = "Seconds to wait for the connection and for a silent server", DefaultValueFactory = _ => 30 };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON object per line instead of text" };

    public void AddTo(Command command)
    {
        command.Add(Token);
        command.Add(Verify);
        command.Add(Timeout);
        command.Add(Json);
        _tls.AddTo(command);
        Verify.AcceptOnlyFromAmong("sha256", "xxh128");
    }

    /// <summary>Parses the server's endpoint; a <c>tls://</c> one sets <see cref="FileClientOptions.Tls"/> from the TLS flags.</summary>
    /// <exception cref="ArgumentException">TLS flags without a tls:// endpoint, or a bad TLS value.</exception>
    public NetEndPoint ReadEndpoint(ParseResult result, string text, FileClientOptions options)
    {
        var useTls = TlsClientFlags.TryStripScheme(text, out var target);
        options.Tls = _tls.Read(result, useTls, _warnings);
        return NetEndPoint.Parse(target);
    }

    public FileClientOptions Read(ParseResult result)
    {
        var seconds = result.GetValue(Timeout);
        if (seconds <= 0)
        {
            throw new ArgumentException("--timeout must be more than 0 seconds");
        }

        return new FileClientOptions
        {
            Token = result.GetValue(Token) ?? Environment.GetEnvironmentVariable("NETWRIGHT_TOKEN"),
            Algorithm = result.GetValue(Verify) == "xxh128" ? FileHashAlgorithm.Xxh128 : FileHashAlgorithm.Sha256,
            ConnectTimeout = TimeSpan.FromSeconds(seconds),
            StallTimeout = TimeSpan.FromSeconds(seconds),
        };
    }
}
