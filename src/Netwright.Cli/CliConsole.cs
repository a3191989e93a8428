namespace Netwright.Cli;

/// <summary>
/// The streams a command talks to. The process uses the real console; tests pass their own writers
/// and an input stream, so every command can run in-process.
/// </summary>
/// <param name="Out">Where results go (stdout).</param>
/// <param name="Error">Where diagnostics and log lines go (stderr).</param>
/// <param name="Input">Raw standard input, read as bytes so that netcat-style piping is byte-exact.</param>
/// <param name="InputIsTerminal">True when a person types at a terminal: prompts are shown and an empty line ends a session.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Stream Input, bool InputIsTerminal)
{
    /// <summary>Raw standard output for byte-exact data (netcat mode); null means "write text to <see cref="Out"/>".</summary>
    public Stream? RawOutput { get; init; }

    /// <summary>Gets whether stdout is a terminal: progress bars are drawn only then, never into a redirected stdout.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Gets whether stderr is a terminal: <c>serve --stats</c> redraws one line there, and writes JSON lines otherwise.</summary>
    public bool ErrorIsTerminal { get; init; }

    public static CliConsole FromProcess() =>
        new(Console.Out, Console.Error, Console.OpenStandardInput(), !Console.IsInputRedirected)
        {
            RawOutput = Console.IsOutputRedirected ? Console.OpenStandardOutput() : null,
            OutputIsTerminal = !Console.IsOutputRedirected,
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
}
