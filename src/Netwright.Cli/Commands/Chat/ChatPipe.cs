using System.Runtime.CompilerServices;
using System.Text;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// Piped mode for scripts: every stdin line is a message to the current channel (or a slash command); chat
/// arriving goes to stdout, one line each, and server replies and notes go to stderr.
/// </summary>
internal sealed class ChatPipe(CliConsole console) : ChatScreen
{
    private readonly Lock _writing = new();

    public override void Show(ChatLine line)
    {
        lock (_writing)
        {
            var writer = line.IsChat ? console.Out : console.Error;
            writer.WriteLine(line.Text);
            writer.Flush();
        }
    }

    public override async IAsyncEnumerable<string> ReadLinesAsync(Task receiving, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(console.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (true)
        {
            var reading = reader.ReadLineAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(reading, receiving) == receiving)
            {
                yield break;
            }

            if (await reading is not { } line)
            {
                yield break;
            }

            yield return line;
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
