using System.CommandLine;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Connect;

/// <summary><c>netwright connect ENDPOINT</c>: the interactive client of the tutorials' <c>tsTclnt.py</c>, and a netcat.</summary>
internal static class ConnectCommand
{
    public static Command Create(CliConsole console)
    {
        var endpoint = new Argument<string>("endpoint") { Description = "Where to connect: HOST:PORT, tcp://, tls://, udp://, unix://PATH or unixgram://PATH" };
        var tls = new TlsClientFlags();
        var timeout = new Option<double>("--timeout", "-w") { Description = "Seconds to wait for the connection", DefaultValueFactory = _ => 10 };
        var quiet = new Option<double>("--quiet-timeout", "-q") { Description = "After the end of piped input, seconds without data before giving up on the peer closing", DefaultValueFactory = _ => 2 };
        var reply = new Option<double>("--reply-timeout") { Description = "Datagrams: seconds to wait for each reply", DefaultValueFactory = _ => 2 };
        var crlf = new Option<bool>("--crlf", "-C") { Description = "End typed lines with CRLF instead of LF (telnet style)" };
        var interactive = new Option<bool?>("--interactive", "-i") { Description = "Force the prompt on or off (default: on when stdin is a terminal)" };
        var command = new Command("connect", "Connect to a server and talk to it: a prompt ('> ') when typing, byte-exact netcat when piped.\n\n" +
            "On a terminal an empty line ends the session. With piped input, everything is sent, our side is then\n" +
            "half-closed, and what the server sends is printed until it closes (or --quiet-timeout passes), so no\n" +
            "reply is lost. udp:// sends each line as one datagram and prints the replies.\n\n" +
            "Examples:\n" +
            "  netwright connect localhost:21567\n" +
            "  printf 'one\\ntwo\\n' | netwright connect tcp://127.0.0.1:21567\n" +
            "  netwright connect udp://127.0.0.1:21567\n" +
            "  netwright connect unix:///tmp/ts.sock < requests.txt > replies.txt\n" +
            "  netwright connect tls://localhost:21568 --pin 3A:5F:...   # a server started with --tls-self-signed\n\n" +
            TlsClientFlags.HelpLine)
        {
            endpoint, timeout, quiet, reply, crlf, interactive,
        };
        tls.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ConnectSettings settings;
            try
            {
                var useTls = TlsClientFlags.TryStripScheme(parseResult.GetValue(endpoint)!, out var target);
                settings = new ConnectSettings(
                    NetEndPoint.Parse(target),
                    Seconds(parseResult.GetValue(timeout), "--timeout"),
                    Seconds(parseResult.GetValue(quiet), "--quiet-timeout"),
                    Seconds(parseResult.GetValue(reply), "--reply-timeout"),
                    parseResult.GetValue(crlf),
                    parseResult.GetValue(interactive) ?? console.InputIsTerminal,
                    tls.Read(parseResult, useTls, console.Error));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or Errors.UnknownServiceException)
            {
                return CliErrors.Report(console, ex);
            }

            try
            {
                return settings.Endpoint.IsStream
                    ? await new StreamClient(console, settings).RunAsync(cancellationToken)
                    : await new DatagramClient(console, settings).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                return CliErrors.Report(console, ex);
            }
        });
        return command;
    }

    private static TimeSpan Seconds(double value, string name) =>
        value > 0 && double.IsFinite(value) ? TimeSpan.FromSeconds(value) : throw new ArgumentException($"{name} must be a positive number of seconds");
}
