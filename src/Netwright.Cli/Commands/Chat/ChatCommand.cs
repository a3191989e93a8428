using System.CommandLine;
using Netwright.Services.Chat;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Chat;

/// <summary><c>netwright chat ENDPOINT --nick NAME</c>: an IRC client for Netwright's chat and any IRC server.</summary>
internal static class ChatCommand
{
    public static Command Create(CliConsole console)
    {
        var endpoint = new Argument<string>("endpoint") { Description = "The IRC server: HOST[:PORT] (port 6667 if left out), tcp://, tls://HOST:PORT or unix://PATH" };
        var nick = new Option<string>("--nick", "-n") { Description = "Your nickname (taken? the client retries with NAME_, NAME2...)", Required = true };
        var channel = new Option<string?>("--channel", "-c") { Description = "A channel to join once registered, e.g. '#lobby'" };
        var password = new Option<string?>("--password") { Description = "The server password (PASS)" };
        var timeout = new Option<double>("--timeout", "-w") { Description = "Seconds to wait for the connection, the welcome and, at the end, the server's goodbye", DefaultValueFactory = _ => 10 };
        var interactive = new Option<bool?>("--interactive", "-i") { Description = "Force the terminal UI on or off (default: on when stdin and stdout are terminals)" };
        var tls = new TlsClientFlags();
        var command = new Command("chat", "Chat on an IRC server (netwright serve chat, ngIRCd, any other): a line editor on a terminal, with\n" +
            "messages printed above the line being typed; piped, each stdin line is a message to the channel and each\n" +
            "message arriving is one stdout line.\n\n" +
            ChatInput.Help + "\n\n" +
            "Examples:\n" +
            "  netwright chat localhost --nick alice --channel '#lobby'\n" +
            "  printf 'hello\\n/me waves\\n' | netwright chat 127.0.0.1:6667 -n bot -c '#ops'\n" +
            "  netwright chat tls://irc.example:6697 -n alice --ca ca.pem\n\n" +
            TlsClientFlags.HelpLine)
        {
            endpoint, nick, channel, password, timeout, interactive,
        };
        tls.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            ChatSettings settings;
            try
            {
                var useTls = TlsClientFlags.TryStripScheme(parseResult.GetValue(endpoint)!, out var target);
                var room = parseResult.GetValue(channel);
                settings = new ChatSettings(
                    ParseEndpoint(target),
                    parseResult.GetValue(nick)!,
                    room is null || room.StartsWith('#') || room.StartsWith('&') ? room : "#" + room,
                    parseResult.GetValue(password),
                    parseResult.GetValue(timeout) is var seconds && seconds > 0 && double.IsFinite(seconds)
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new ArgumentException("--timeout must be a positive number of seconds"),
                    parseResult.GetValue(interactive) ?? (console.InputIsTerminal && console.OutputIsTerminal),
                    tls.Read(parseResult, useTls, console.Error));
                if (settings.Nick.Length == 0 || settings.Nick.Any(c => c is ' ' or ',' or '!' or '@' || char.IsControl(c)))
                {
                    throw new ArgumentException($"--nick '{settings.Nick}' is not a nickname (no spaces, commas, '!', '@' or control characters)");
                }
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or Errors.UnknownServiceException)
            {
                return CliErrors.Report(console, ex);
            }

            try
            {
                return await new ChatSession(console, settings).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
            catch (TimeoutException)
            {
                return CliErrors.Report(console, new TimeoutException($"{settings.Endpoint}: no welcome (001) within {settings.Timeout.TotalSeconds:0.#} s"));
            }
            catch (Exception ex) when (CliErrors.IsUserFacing(ex))
            {
                return CliErrors.Report(console, ex);
            }
        });
        return command;
    }

    private static NetEndPoint ParseEndpoint(string text)
    {
        // "irc.example" alone means the IRC port, as every IRC client assumes.
        var bare = !text.Contains("://", StringComparison.Ordinal) && !text.Contains(':', StringComparison.Ordinal);
        return NetEndPoint.Parse(bare ? $"{text}:{ChatServer.DefaultPort}" : text);
    }
}
