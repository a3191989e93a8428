using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// The interactive UI: a line editor at the bottom of the terminal, with everything that arrives printed
/// above the line being typed. Keys come from <see cref="Console.ReadKey(bool)"/> on one background thread
/// (the console offers no asynchronous key read); Ctrl+D on an empty line quits, as in a shell.
/// </summary>
internal sealed class ChatTerminal : ChatScreen
{
    private readonly Lock _drawing = new();
    private readonly LineEditor _editor;
    private readonly Channel<ConsoleKeyInfo> _keys = Channel.CreateUnbounded<ConsoleKeyInfo>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Bounds the channel: the key thread takes a slot per key and the UI gives it back once the key is handled.
    private readonly SemaphoreSlim _room = new(256, 256);

    public ChatTerminal(CliConsole console)
    {
        _editor = new LineEditor(console.Out, "> ", () => Console.IsOutputRedirected ? 80 : Console.WindowWidth);
        var reader = new Thread(ReadKeys) { IsBackground = true, Name = "chat keys" };
        reader.Start();
        lock (_drawing)
        {
            _editor.Redraw();
        }
    }

    public override void Show(ChatLine line)
    {
        lock (_drawing)
        {
            _editor.PrintAbove(line.Text);
        }
    }

    public override async IAsyncEnumerable<string> ReadLinesAsync(Task receiving, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = _keys.Reader.ReadAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(next, receiving) == receiving)
            {
                yield break;
            }

            ConsoleKeyInfo key;
            try
            {
                key = await next;
                _room.Release();
            }
            catch (ChannelClosedException)
            {
                yield break;
            }

            string? line;
            lock (_drawing)
            {
                if (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control) && _editor.Text.Length == 0)
                {
                    yield break;
                }

                line = _editor.Handle(key);
            }

            if (line is not null)
            {
                yield return line;
            }
        }
    }

    public override ValueTask DisposeAsync()
    {
        lock (_drawing)
        {
            _editor.PrintAbove(string.Empty);
        }

        _keys.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void ReadKeys()
    {
        try
        {
            while (true)
            {
                // Blocks this dedicated thread only; it waits for room when 256 keys are pending (a paste still being drawn).
                var key = Console.ReadKey(intercept: true);
                _room.Wait();
                _keys.Writer.TryWrite(key);
            }
        }
        catch (InvalidOperationException)
        {
            // stdin is not a console after all (closed or redirected): the input has ended.
            _keys.Writer.TryComplete();
        }
    }
}
