namespace Netwright.Framing;

/// <summary>Which bytes end a line that <see cref="LineText.WriteLine"/> writes.</summary>
public enum LineEnding
{
    /// <summary>A single line feed, <c>\n</c>.</summary>
    Lf = 0,

    /// <summary>Carriage return and line feed, <c>\r\n</c>, as Telnet-style protocols and Twisted's <c>LineReceiver</c> send.</summary>
    CrLf,
}
