using System.CommandLine;
using System.Globalization;

namespace Netwright.Cli.Commands.Info;

/// <summary>
/// <c>netwright info</c>: look-ups and connection facts, the command-line face of Netwright.Naming
/// (Python's getaddrinfo, gethostbyaddr, getservbyname, getsockname and getpeername).
/// </summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        var endpointArgument = new Argument<string?>("endpoint")
        {
            Description = "An endpoint to connect to: HOST:PORT, [IPv6]:PORT, tcp://, tls://, udp://, unix:// or unixgram://.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var timeoutOption = TimeoutOption("Seconds to wait for the connection (or, alone, for name look-ups).");
        var jsonOption = JsonOption();
        var tls = new TlsClientFlags();
        var command = new Command(
            "info",
            "Show this machine's names and interfaces, or connect to ENDPOINT and show the local and peer\n" +
            "addresses (getsockname/getpeername), the time to connect and the socket options in force.\n\n" +
            "Examples:\n" +
            "  netwright info                          # host name, FQDN, interfaces\n" +
            "  netwright info localhost:21567          # connect and describe the socket\n" +
            "  netwright info unix:///tmp/ts.sock --json\n" +
            "  netwright info tls://example.com:443     # TLS version, cipher, the server's certificate\n" +
            "  netwright info host example.com         # like getaddrinfo\n" +
            "  netwright info service http             # 80, from /etc/services");
        command.Add(endpointArgument);
        command.Add(timeoutOption);
        command.Add(jsonOption);
        tls.AddTo(command);
        command.Add(CreateHostCommand(console));
        command.Add(CreateServiceCommand(console));
        command.SetAction((ParseResult parseResult, CancellationToken cancellationToken) =>
            InfoErrors.RunAsync(console, () =>
            {
                var timeout = GetTimeout(parseResult, timeoutOption);
                var json = parseResult.GetValue(jsonOption);
                var endpoint = parseResult.GetValue(endpointArgument);
                var useTls = endpoint is not null && TlsClientFlags.TryStripScheme(endpoint, out endpoint);
                if (tls.Read(parseResult, useTls, console.Error) is { } tlsOptions)
                {
                    return TlsEndpointInfo.RunAsync(console, Transport.NetEndPoint.Parse(endpoint!), tlsOptions, timeout, json, cancellationToken);
                }

                return endpoint is null
                    ? MachineInfo.RunAsync(console, timeout, json, cancellationToken)
                    : EndpointInfo.RunAsync(console, endpoint, timeout, json, cancellationToken);
            }));
        return command;
    }

    private static Command CreateHostCommand(CliConsole console)
    {
        var nameArgument = new Argument<string>("name") { Description = "A host name or IP address." };
        var timeoutOption = TimeoutOption("Seconds to wait for the look-ups.");
        var jsonOption = JsonOption();
        var command = new Command(
            "host",
            "Resolve a host like getaddrinfo: every address with its family, socket type and protocol,\n" +
            "the canonical name, and the reverse (PTR) name of each address.\n\n" +
            "Examples:\n" +
            "  netwright info host localhost\n" +
            "  netwright info host example.com --json");
        command.Add(nameArgument);
        command.Add(timeoutOption);
        command.Add(jsonOption);
        command.SetAction((ParseResult parseResult, CancellationToken cancellationToken) =>
            InfoErrors.RunAsync(console, () => HostInfo.RunAsync(
                console,
                parseResult.GetRequiredValue(nameArgument),
                GetTimeout(parseResult, timeoutOption),
                parseResult.GetValue(jsonOption),
                cancellationToken)));
        return command;
    }

    private static Command CreateServiceCommand(CliConsole console)
    {
        var serviceArgument = new Argument<string>("service") { Description = "A service name (http) or a port number (80)." };
        var udpOption = new Option<bool>("--udp", "-u") { Description = "Look up the UDP service instead of TCP." };
        var jsonOption = JsonOption();
        var command = new Command(
            "service",
            "Map a service name to its port or a port to its service name, from /etc/services\n" +
            "(or a built-in table of the classic services when that file is missing).\n\n" +
            "Examples:\n" +
            "  netwright info service http             # port 80\n" +
            "  netwright info service 53 --udp         # domain\n" +
            "  netwright info service ssh --json");
        command.Add(serviceArgument);
        command.Add(udpOption);
        command.Add(jsonOption);
        command.SetAction((ParseResult parseResult, CancellationToken cancellationToken) =>
            InfoErrors.RunAsync(console, () => ServiceInfo.RunAsync(
                console,
                parseResult.GetRequiredValue(serviceArgument),
                parseResult.GetValue(udpOption),
                parseResult.GetValue(jsonOption))));
        return command;
    }

    private static Option<double> TimeoutOption(string description)
    {
        var option = new Option<double>("--timeout", "-t")
        {
            Description = description,
            DefaultValueFactory = _ => 5,
            HelpName = "SECONDS",
        };
        return option;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Write the report as JSON for scripts." };

    private static TimeSpan GetTimeout(ParseResult parseResult, Option<double> option)
    {
        var seconds = parseResult.GetValue(option);
        return seconds > 0 && seconds <= int.MaxValue / 1000.0
            ? TimeSpan.FromSeconds(seconds)
            : throw new FormatException(
                $"--timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
    }
}
