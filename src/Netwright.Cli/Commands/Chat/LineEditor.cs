using System.Text;

namespace Netwright.Cli.Commands.Chat;

/// <summary>
/// A one-line editor drawn with ANSI escapes: the line being typed stays at the bottom, and
/// <see cref="PrintAbove"/> puts incoming text above it (erase the line, print, redraw the prompt and the typing).
/// </summary>
/// <remarks>Not thread-safe: the caller serializes key handling and printing (one lock around both).</remarks>
internal sealed class LineEditor(TextWriter terminal, string prompt, Func<int> width)
{
    private const string EraseLine = "\r\u001b[K";

    private readonly StringBuilder _text = new();
    private int _cursor;

    /// <summary>Gets the text typed so far.</summary>
    public string Text => _text.ToString();

    /// <summary>Gets the cursor's position in <see cref="Text"/>.</summary>
    public int Cursor => _cursor;

    /// <summary>Handles one key; returns the line when Enter finishes it, otherwise null.</summary>
    public string? Handle(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                var line = _text.ToString();
                _text.Clear();
                _cursor = 0;
                Redraw();
                return line;
            case ConsoleKey.Backspace when _cursor > 0:
                _text.Remove(--_cursor, 1);
                break;
            case ConsoleKey.Delete when _cursor < _text.Length:
                _text.Remove(_cursor, 1);
                break;
            case ConsoleKey.LeftArrow when _cursor > 0:
                _cursor--;
                break;
            case ConsoleKey.RightArrow when _cursor < _text.Length:
                _cursor++;
                break;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                _cursor = 0;
                break;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                _cursor = _text.Length;
                break;
            case ConsoleKey.U when control:
                _text.Remove(0, _cursor);
                _cursor = 0;
                break;
            case ConsoleKey.W when control:
                var start = _cursor;
                while (start > 0 && _text[start - 1] == ' ')
                {
                    start--;
                }

                while (start > 0 && _text[start - 1] != ' ')
                {
                    start--;
                }

                _text.Remove(start, _cursor - start);
                _cursor = start;
                break;
            default:
                if (key.KeyChar >= ' ' && !control && key.KeyChar != '\u007f')
                {
                    _text.Insert(_cursor++, key.KeyChar);
                    break;
                }

                return null;
        }

        Redraw();
        return null;
    }

    /// <summary>Prints <paramref name="line"/> above the line being typed, which is drawn again below it unchanged.</summary>
    public void PrintAbove(string line)
    {
        terminal.Write(EraseLine);
        terminal.Write(Sanitize(line));
        terminal.Write("\r\n");
        Redraw();
    }

    /// <summary>Draws the prompt and the visible part of the text, and puts the cursor where it belongs.</summary>
    public void Redraw()
    {
        // Long lines scroll sideways: show a window of the text that holds the cursor, never wrap (wrapping
        // would leave the erase-and-redraw one row short).
        var room = Math.Max(8, width() - prompt.Length - 1);
        var first = Math.Max(0, _cursor - room);
        var visible = _text.ToString(first, Math.Min(room, _text.Length - first));
        terminal.Write(EraseLine);
        terminal.Write(prompt);
        terminal.Write(visible);
        var back = first + visible.Length - _cursor;
        if (back > 0)
        {
            terminal.Write($"\u001b[{back}D");
        }

        terminal.Flush();
    }

    /// <summary>Drops control characters from server text, so a message cannot move the cursor or change the terminal.</summary>
    public static string Sanitize(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c == '\t' ? ' ' : char.IsControl(c) ? '\u00b7' : c);
        }

        return clean.ToString();
    }
}
