using System.Text;

namespace Netwright.Cli.Commands.Connect;

/// <summary>
/// Prints what a peer sends. Raw output gets the bytes unchanged (netcat); a text writer gets them decoded
/// as UTF-8 across chunk boundaries, remembering whether the last character ended a line so a prompt can
/// start on a fresh one.
/// </summary>
internal sealed class ReceivedTextWriter(CliConsole console, bool preferRaw)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly Lock _gate = new();
    private char[] _chars = new char[4096];

    public bool AtLineStart { get; private set; } = true;

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (preferRaw && console.RawOutput is { } raw)
            {
                raw.Write(data);
                raw.Flush();
                AtLineStart = data.Length == 0 ? AtLineStart : data[^1] == (byte)'\n';
                return;
            }

            var needed = _decoder.GetCharCount(data, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var count = _decoder.GetChars(data, _chars, flush: false);
            if (count > 0)
            {
                console.Out.Write(_chars, 0, count);
                console.Out.Flush();
                AtLineStart = _chars[count - 1] == '\n';
            }
        }
    }

    /// <summary>Ends the current output line if something was printed without a newline; raw output stays byte-exact.</summary>
    public void EndLine()
    {
        lock (_gate)
        {
            if (!AtLineStart && !(preferRaw && console.RawOutput is not null))
            {
                console.Out.WriteLine();
                console.Out.Flush();
                AtLineStart = true;
            }
        }
    }

    /// <summary>Prints an empty line (an empty datagram's reply), ending the current line first if needed.</summary>
    public void WriteEmptyLine()
    {
        lock (_gate)
        {
            if (!AtLineStart)
            {
                console.Out.WriteLine();
            }

            console.Out.WriteLine();
            console.Out.Flush();
            AtLineStart = true;
        }
    }

    /// <summary>The person pressed Enter: the terminal is at the start of a line.</summary>
    public void MarkLineStart()
    {
        lock (_gate)
        {
            AtLineStart = true;
        }
    }

    public void WritePrompt()
    {
        lock (_gate)
        {
            if (!AtLineStart)
            {
                console.Out.WriteLine();
            }

            console.Out.Write("> ");
            console.Out.Flush();
            AtLineStart = false;
        }
    }
}
