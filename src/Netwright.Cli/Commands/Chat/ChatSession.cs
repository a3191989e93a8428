using System.Text;
using Netwright.Clients;
using Netwright.Services.Chat;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// One run of <c>netwright chat</c>: connect, register, join, then pass typed or piped lines to the server
/// while printing what arrives; QUIT at the end, and wait (briefly) for the server to close.
/// </summary>
internal sealed class ChatSession(CliConsole console, ChatSettings settings)
{
    private readonly ChatChannels _channels = new();
    private bool _quitSent;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = settings.Tls is { } tls
            ? await NetClient.ConnectTlsAsync(settings.Endpoint, tls, settings.Timeout, cancellationToken: cancellationToken)
            : await NetClient.ConnectAsync(settings.Endpoint, settings.Timeout, cancellationToken: cancellationToken);
        using var session = new IrcClientSession(connection.Transport, new IrcClientOptions { Nick = settings.Nick, Password = settings.Password });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ChatScreen screen = settings.Interactive ? new ChatTerminal(console) : new ChatPipe(console);
        await using (screen)
        {
            await session.StartAsync(cancellationToken);
            var receiving = ReceiveAsync(session, screen, stop.Token);
            await WaitForWelcomeAsync(session, receiving, cancellationToken);
            if (settings.Channel is { } channel)
            {
                await session.SendAsync($"JOIN {channel}", cancellationToken);
            }

            await foreach (var line in screen.ReadLinesAsync(receiving, cancellationToken))
            {
                var result = await ChatInput.RunAsync(session, _channels, line, cancellationToken);
                if (result.Note is { } note)
                {
                    screen.Show(new ChatLine($"netwright: {note}", IsChat: false));
                }

                if (result.Echo is { } echo && settings.Interactive)
                {
                    screen.Show(new ChatLine(echo, IsChat: true));
                }

                if (result.Quit)
                {
                    _quitSent = true;
                    break;
                }
            }

            if (!receiving.IsCompleted && !_quitSent)
            {
                // The input ended (stdin closed, Ctrl+D): say goodbye properly, so the others see a QUIT.
                _quitSent = true;
                await session.QuitAsync(cancellationToken: cancellationToken);
            }

            // The server answers QUIT with ERROR and closes; don't wait forever for a server that does not.
            if (await Task.WhenAny(receiving, Task.Delay(settings.Timeout, cancellationToken)) != receiving)
            {
                await stop.CancelAsync();
            }

            return await ExitCodeAsync(receiving);
        }
    }

    private async Task WaitForWelcomeAsync(IrcClientSession session, Task receiving, CancellationToken cancellationToken)
    {
        var welcome = session.Registered;
        var first = await Task.WhenAny(welcome, receiving).WaitAsync(settings.Timeout, cancellationToken);
        if (first == receiving)
        {
            await receiving;
        }

        await welcome;
    }

    private async Task ReceiveAsync(IrcClientSession session, ChatScreen screen, CancellationToken cancellationToken)
    {
        while (await session.ReadMessageAsync(cancellationToken) is { } message)
        {
            _channels.Observe(message, session.Nick);
            if (ChatFormatter.Format(message, session.Nick, _channels.Current) is { } line)
            {
                screen.Show(line);
            }
        }

        if (!_quitSent)
        {
            throw new Errors.ConnectionResetException($"{settings.Endpoint} closed the connection");
        }
    }

    private static async Task<int> ExitCodeAsync(Task receiving)
    {
        try
        {
            await receiving;
        }
        catch (OperationCanceledException)
        {
            // We stopped waiting for the server's close after our QUIT: our side is done.
        }

        return ExitCodes.Success;
    }
}
