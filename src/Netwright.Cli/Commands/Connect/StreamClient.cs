using System.Diagnostics;
using System.IO.Pipelines;
using System.Text;
using Netwright.Clients;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Connect;

/// <summary>
/// <c>connect</c> over TCP or Unix streams. Receiving and sending run side by side, so output from the
/// server (a greeting, a broadcast) shows while the person types.
/// </summary>
internal sealed class StreamClient(CliConsole console, ConnectSettings settings)
{
    private readonly ArrivalSignal _arrivals = new();
    private readonly ReceivedTextWriter _printer = new(console, preferRaw: !settings.Interactive);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = settings.Tls is { } tls
            ? await NetClient.ConnectTlsAsync(settings.Endpoint, tls, settings.ConnectTimeout, cancellationToken: cancellationToken)
            : await NetClient.ConnectAsync(settings.Endpoint, settings.ConnectTimeout, cancellationToken: cancellationToken);
        var receiving = ReceiveAsync(connection.Transport.Input, cancellationToken);
        var output = connection.Transport.Output;
        if (settings.Interactive)
        {
            await SendTypedLinesAsync(output, receiving, cancellationToken);
        }
        else
        {
            await SendPipedBytesAsync(output, receiving, cancellationToken);
        }

        // Half-close: the server sees the end of our input, and we keep printing until it closes.
        await output.CompleteAsync();
        await WaitForPeerToFinishAsync(receiving, cancellationToken);
        _printer.EndLine();
        if (receiving.IsCompleted)
        {
            await receiving;
        }

        return ExitCodes.Success;
    }

    private async Task ReceiveAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            foreach (var segment in result.Buffer)
            {
                _printer.Write(segment.Span);
            }

            input.AdvanceTo(result.Buffer.End);
            _arrivals.Pulse();
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task SendTypedLinesAsync(PipeWriter output, Task receiving, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(console.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var ending = settings.CrLf ? "\r\n" : "\n";
        while (true)
        {
            _printer.WritePrompt();
            var typed = reader.ReadLineAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(typed, receiving) == receiving)
            {
                // The server closed while the person was typing; nothing more can be sent.
                return;
            }

            _printer.MarkLineStart();
            var line = await typed;
            if (string.IsNullOrEmpty(line))
            {
                return;
            }

            var answered = _arrivals.NextAsync();
            var flush = await output.WriteAsync(Encoding.UTF8.GetBytes(line + ending), cancellationToken);
            if (flush.IsCompleted)
            {
                return;
            }

            // Like the tutorials' tsTclnt.py, show the answer before the next prompt (but never wait forever for one).
            await Task.WhenAny(answered, receiving, Task.Delay(settings.ReplyTimeout, cancellationToken));
        }
    }

    private async Task SendPipedBytesAsync(PipeWriter output, Task receiving, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = console.Input.ReadAsync(buffer, cancellationToken).AsTask();
            if (await Task.WhenAny(read, receiving) == receiving)
            {
                return;
            }

            var count = await read;
            if (count == 0)
            {
                return;
            }

            var flush = await output.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            if (flush.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task WaitForPeerToFinishAsync(Task receiving, CancellationToken cancellationToken)
    {
        while (!receiving.IsCompleted)
        {
            var quietFor = Stopwatch.GetElapsedTime(_arrivals.LastArrivalTimestamp);
            if (quietFor >= settings.QuietTimeout)
            {
                console.Error.WriteLine($"netwright: {settings.Endpoint} sent nothing for {settings.QuietTimeout.TotalSeconds:0.#} s after our input ended; closing");
                return;
            }

            await Task.WhenAny(receiving, Task.Delay(settings.QuietTimeout - quietFor, cancellationToken));
        }
    }
}
