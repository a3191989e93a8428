using System.Text;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Connect;

/// <summary>
/// <c>connect</c> over UDP or Unix datagrams (the tutorials' <c>tsUclnt.py</c>): each line is one datagram,
/// each reply is printed on its own line, and a reply that does not come within the timeout is reported.
/// </summary>
internal sealed class DatagramClient(CliConsole console, ConnectSettings settings)
{
    private readonly ArrivalSignal _arrivals = new();
    private readonly ReceivedTextWriter _printer = new(console, preferRaw: false);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var channel = await DatagramChannel.ConnectAsync(settings.Endpoint, cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveAsync(channel, stop.Token);
        var unanswered = 0;
        using var reader = new StreamReader(console.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (true)
        {
            if (settings.Interactive)
            {
                _printer.WritePrompt();
            }

            var line = await reader.ReadLineAsync(cancellationToken);
            _printer.MarkLineStart();
            if (line is null || (line.Length == 0 && settings.Interactive))
            {
                break;
            }

            var answered = _arrivals.NextAsync();
            await channel.SendAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
            var first = await Task.WhenAny(answered, receiving, Task.Delay(settings.ReplyTimeout, cancellationToken));
            if (first == receiving)
            {
                await receiving;
            }
            else if (first != answered)
            {
                unanswered++;
                console.Error.WriteLine($"netwright: no reply from {settings.Endpoint} within {settings.ReplyTimeout.TotalSeconds:0.###} s");
            }
        }

        await stop.CancelAsync();
        try
        {
            await receiving;
        }
        catch (OperationCanceledException)
        {
            // We stopped the receive loop ourselves.
        }

        return unanswered == 0 ? ExitCodes.Success : ExitCodes.TimedOut;
    }

    private async Task ReceiveAsync(DatagramChannel channel, CancellationToken cancellationToken)
    {
        var buffer = new byte[DatagramChannel.MaxDatagramSize + 1];
        while (true)
        {
            var count = await channel.ReceiveAsync(buffer, cancellationToken);
            if (count == 0)
            {
                // An empty reply is still a reply: an empty line keeps replies one per line.
                _printer.WriteEmptyLine();
            }
            else
            {
                _printer.Write(buffer.AsSpan(0, count));
                _printer.EndLine();
            }

            _arrivals.Pulse();
        }
    }
}
